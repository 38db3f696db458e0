#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import ProcessSpawning
import MigrationCore
import Postgres
import PostgresSandbox
import TestSupport
import Testing

/// kill -9 of `edu-migrate run` in the middle of the final sync, then the same command again:
/// the legacy database stayed frozen meanwhile, and the second run ends where an uninterrupted
/// one would (the write in the new database, the ledger balanced, exit 0).
@Suite(.requiresPostgres, .tags(.postgres)) struct FinalSyncCrashTests {
    @Test func aKillDuringTheFinalSyncThenARerunGivesTheSameResult() async throws {
        let w = try await SyncWorld.make("kill")
        let person = try #require(
            try await DB.scalar(w.target, "SELECT min(id) FROM persons WHERE length(lastname) >= 4"))
        try await w.legacyExec("UPDATE persons SET lastname = 'Kill' || substr(lastname, 5) WHERE id = \(person)")
        let file = w.workDir.deletingLastPathComponent().appendingPathComponent("\(w.live).yaml")
        try Data(
            """
            source: "\(w.config.source)"
            target_database: \(w.config.targetDatabase)
            legacy_rename: \(w.config.legacyRename)
            work_dir: \(w.workDir.path)
            monitor: { interval: 1s, duration: 1s }
            """.utf8
        ).write(to: file)
        let args = ["run", "--config", file.path, "--allow-destructive", "--sign-off-as", Scenario.operatorName]
        let env = [
            "EDU_MIGRATE_ASSETS": TestCluster.assets.path, "HOME": w.workDir.path, "CI": "true",
            "PGPASSFILE": w.workDir.appendingPathComponent("none").path,
        ]

        let first = try ChildProcess(try Self.binary(), args, environment: env, timeout: 300)
        let journal = w.workDir.appendingPathComponent("journal.jsonl")
        var killed = false
        for _ in 0..<1200 where !killed {
            let text = (try? String(contentsOf: journal, encoding: .utf8)) ?? ""
            // Inside the sync: phases 3-4 were set back and a load after the transfer has started.
            if let reset = text.range(of: "\"stepsReset\""), text[reset.upperBound...].contains("\"migration.persons\"")
            {
                kill(first.pid, SIGKILL)
                killed = true
            } else {
                try await Task.sleep(nanoseconds: 25_000_000)
            }
        }
        _ = await first.wait()
        try #require(killed, "the run never reached the final sync's loads")
        let frozen = try await DB.scalar(
            w.sandbox.conninfo(), "SELECT datallowconn::text FROM pg_database WHERE datname = $1", [w.live])
        #expect(frozen == "false", "the legacy database must stay frozen while the tool is down")

        let second = try await ChildProcess.run(try Self.binary(), args, environment: env, timeout: 300)
        #expect(!second.timedOut && second.status == 0, "\(second)")
        let live = w.sandbox.conninfo(database: w.live)
        #expect(
            try await DB.scalar(live, "SELECT lastname FROM persons WHERE id = \(person)")?.hasPrefix("Kill") == true)
        #expect(
            try await DB.scalar(live, "SELECT count(*) FROM migration_audit.reconciliation WHERE NOT balanced") == "0")
        let retired = w.sandbox.conninfo(database: w.retired)
        #expect(
            try await DB.scalar(
                live, "SELECT source_rows FROM migration_audit.reconciliation WHERE source_table = 'persons'")
                == (try await DB.scalar(retired, "SELECT count(*) FROM persons")))
    }

    /// The built `edu-migrate` (this test target depends on it, so `swift build --build-tests` builds it).
    static func binary() throws -> String {
        try #require(
            CLIBinary.path(package: TestCluster.assets.deletingLastPathComponent()),
            "edu-migrate binary not built: run `swift build --build-tests`")
    }
}
