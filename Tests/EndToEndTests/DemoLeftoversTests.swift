import Foundation
import Testing
import TestSupport
@testable import edu_migrate

/// What a demo leaves behind: one earlier work directory at most, said where; and a `--keep`
/// message whose resume command brings the stand-in application back.
@Suite(.requiresPostgres, .tags(.postgres)) struct DemoLeftoversTests {
    @Test func oneEarlierWorkDirectoryIsKeptAndNamed() throws {
        let fm = FileManager.default
        let parent = fm.temporaryDirectory.appendingPathComponent("demo_leftovers_\(UUID().uuidString.prefix(8))")
        defer { try? fm.removeItem(at: parent) }
        let dir = parent.appendingPathComponent("edu-migrate-demo")
        func demoRun(_ marker: String) throws {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            try marker.write(to: dir.appendingPathComponent("journal.jsonl"), atomically: true, encoding: .utf8)
        }
        // What earlier versions left: one directory per demo.
        for stamp in ["20250101T100000Z", "20250101T110000Z"] {
            try fm.createDirectory(
                at: parent.appendingPathComponent("edu-migrate-demo.previous-" + stamp),
                withIntermediateDirectories: true)
        }
        try demoRun("first")
        let aside = try #require(try DemoWorld.archivePrevious(dir))
        try demoRun("second")
        #expect(try DemoWorld.archivePrevious(dir)?.path == aside.path)
        #expect(aside.lastPathComponent == "edu-migrate-demo.previous")
        #expect(try String(contentsOf: aside.appendingPathComponent("journal.jsonl"), encoding: .utf8) == "second")
        #expect(
            try fm.contentsOfDirectory(atPath: parent.path).sorted() == [
                "edu-migrate-demo", "edu-migrate-demo.previous",
            ])
        #expect(try fm.contentsOfDirectory(atPath: dir.path).isEmpty)
        // Nothing to keep: nothing moved.
        #expect(try DemoWorld.archivePrevious(dir) == nil)
        #expect(fm.fileExists(atPath: aside.appendingPathComponent("journal.jsonl").path))
    }

    @Test func theKeptMessageResumesWithTheStandInApplication() {
        let dir = URL(fileURLWithPath: "/tmp/edu-migrate-demo")
        let text = DemoWorld.keptMessage(
            source: "host=/tmp/sandbox-x port=5999 dbname=edu user=postgres", dir: dir, copyRate: 500)
        let resume = text.split(separator: "\n").first { $0.contains("resume") }
        #expect(
            resume?.hasSuffix("edu-migrate demo --work-dir /tmp/edu-migrate-demo --keep --copy-rate 500") == true,
            "\(text)")
        #expect(!text.contains("wizard --config"), "the bare wizard has no stand-in application for phases 5-6")
        #expect(text.contains("kill -INT $(head -1 /tmp/sandbox-x/data/postmaster.pid)"))
    }
}
