import Foundation
import ProcessSpawning
import MigrationCore
import Testing
import TestSupport

/// The real binary's terminal modes: `--ascii`, `NO_COLOR`, and no terminal at all.
@Suite(.requiresPostgres, .requiresTmux, .tags(.postgres, .tmux)) struct TerminalModeTests {
    /// A configuration on a fresh database of the shared test cluster, in a temp dir of its own.
    func configFile(_ prefix: String) async throws -> (dir: URL, config: URL, db: String) {
        let db = try await TestCluster.createDatabase(prefix)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName(prefix))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("edu-migrate.yaml")
        try "source: \"\(db.conninfo)\"\nwork_dir: \(dir.path)/work\nbackup_dir: \(dir.path)/work/backups\n"
            .write(to: config, atomically: true, encoding: .utf8)
        return (dir, config, db.name)
    }

    /// Starts the wizard in tmux, opens the checklist and runs its checks; returns the screen then.
    func checklistScreen(_ t: TmuxTerminal) async throws -> String {
        try await t.waitFor("Migration of the legacy education database")
        try await t.send("Enter")
        try await t.waitFor("Pre-Migration Checklist")
        try await t.send("r")
        return try await t.waitFor("PostgreSQL 15.", timeout: 30)
    }

    @Test func asciiDrawsOnlyASCII() async throws {
        let bin = try Binary.fresh()
        let (dir, config, db) = try await configFile("e2e_ascii")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["EDU_MIGRATE_ASSETS": TestCluster.assets.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        let t = try await TmuxTerminal(
            command: "\(TmuxTerminal.quote(bin)) wizard --ascii --config \(TmuxTerminal.quote(config.path))",
            environment: env, directory: dir.path)
        do {
            let start = try await t.waitFor("Migration of the legacy education database")
            #expect(start.contains("+- Migration of the legacy education database -"))
            #expect(start.screenLines.contains { $0.hasPrefix("  |") && $0.hasSuffix("|") })
            let s = try await checklistScreen(t)
            #expect(s.contains("[ OK ]"))
            #expect(s.contains("[    ]"), "pending manual items carry an ASCII tag")
            let foreign = (start + s).unicodeScalars.filter { !$0.isASCII }
            #expect(
                foreign.isEmpty,
                "non-ASCII on an --ascii screen: \(foreign.prefix(10).map { String($0) }.joined())\n\(s)")
            #expect(try await t.quitWizard().contains("EXITED rc=0"))
        } catch {
            await t.kill()
            throw error
        }
        await t.kill()
        try await TestCluster.dropDatabase(db)
    }

    @Test func noColorDrawsAttributesOnly() async throws {
        let bin = try Binary.fresh()
        let (dir, config, db) = try await configFile("e2e_nocolor")
        defer { try? FileManager.default.removeItem(at: dir) }
        var sgr: [String: SGR] = [:]
        for (mode, noColor) in [("colour", ""), ("NO_COLOR", "1")] {
            var env = ["EDU_MIGRATE_ASSETS": TestCluster.assets.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
            if !noColor.isEmpty { env["NO_COLOR"] = noColor }
            // `swift test` exports NO_COLOR to the tests it runs (and so to tmux): unset it for the colour run.
            let unset = noColor.isEmpty ? "env -u NO_COLOR " : ""
            let t = try await TmuxTerminal(
                command: "\(unset)\(TmuxTerminal.quote(bin)) wizard --config \(TmuxTerminal.quote(config.path))",
                environment: env, directory: dir.path)
            do {
                _ = try await checklistScreen(t)
                sgr[mode] = SGR(try await t.captureWithEscapes())
                #expect(try await t.quitWizard().contains("EXITED rc=0"))
            } catch {
                await t.kill()
                throw error
            }
            await t.kill()
        }
        // The colour run proves the escapes are seen at all; NO_COLOR keeps bold/reverse only.
        #expect((sgr["colour"]?.colours ?? 0) > 0, "a colour terminal gets colours")
        #expect(sgr["NO_COLOR"]?.colours == 0, "NO_COLOR=1: no colour escapes")
        #expect(
            (sgr["NO_COLOR"]?.bold ?? 0) + (sgr["NO_COLOR"]?.reverse ?? 0) > 0, "NO_COLOR=1: attributes still drawn")
        try await TestCluster.dropDatabase(db)
    }

    @Test func withoutATerminalSaysSoAndStartsNothing() async throws {
        let bin = try Binary.fresh()
        let (dir, config, db) = try await configFile("e2e_notty")
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = ["EDU_MIGRATE_ASSETS": TestCluster.assets.path]
        for args in [
            ["wizard", "--config", config.path], ["demo", "--work-dir", dir.appendingPathComponent("demo").path],
        ] {
            let err = Lines()
            // ChildProcess gives the child pipes, never a terminal.
            let r = try await ChildProcess.run(bin, args, environment: env, timeout: 30, onStderr: { err.add($0) })
            #expect(r.status == 2 && !r.timedOut, "\(args[0]) without a terminal: exit 2, got \(r.status)")
            #expect(
                err.text.contains("the wizard needs a terminal; use `edu-migrate run --config FILE`"), "\(err.text)")
            #expect(!err.text.contains("starting a throwaway PostgreSQL"), "demo checks for a terminal before any work")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("work/journal.jsonl").path))
        try await TestCluster.dropDatabase(db)
    }
}

/// Thread-safe line collector for a child's output.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ l: String) { lock.withLock { lines.append(l) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
