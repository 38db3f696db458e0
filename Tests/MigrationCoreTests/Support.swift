import Foundation
import MigrationCore

/// Paths and small helpers shared by the core tests.
enum Fixture {
    /// `Tests/Fixtures/core/<name>` (an Assets-like root with `plan/` and `sql/`).
    static func assets(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/core/\(name)")
    }

    /// The package's real Assets directory.
    static var realAssets: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
    }

    /// A fresh empty temporary directory.
    static func tempDir(_ prefix: String = "core") -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// The fixture plan (valid).
    static func goodPlan() throws -> Plan { try PlanLoader.load(assets: assets("good")) }

    /// A record for state-machine tests.
    static func rec(_ seq: Int, _ e: MigrationEvent) -> EventRecord {
        EventRecord(seq: seq, at: Date(timeIntervalSince1970: Double(seq)), event: e)
    }
}

/// The real plan (Assets/plan): its stage roles classify a journal's steps.
var realPlan: Plan { (try? PlanLoader.load(assets: Fixture.realAssets)) ?? Plan(stages: []) }
