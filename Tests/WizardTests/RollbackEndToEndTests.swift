import Foundation
import Postgres
import PostgresSandbox
import Testing
import TestSupport

/// The real binary under tmux with the real core on the throwaway cluster: the criteria screen and
/// the rollback key from the start screen, the explanation, F5/r, the typed confirmation (focus on Cancel, the name typed),
/// and the new database really dropped (path drop-new: cutover never happened).
@Suite(.requiresPostgres, .requiresTmux, .tags(.postgres, .tmux), .serialized) struct RollbackEndToEndTests {
    /// Assets holding only the rollback procedure (the checklist end-to-end test's assets, plan swapped).
    func rollbackAssets(in dir: URL) throws -> URL {
        let assets = try WizardEndToEndTests().checklistAssets(in: dir)
        let plan = assets.appendingPathComponent("plan")
        try FileManager.default.removeItem(at: plan.appendingPathComponent("00_pre_migration.yaml"))
        try FileManager.default.copyItem(
            at: TestCluster.assets.appendingPathComponent("plan/90_rollback.yaml"),
            to: plan.appendingPathComponent("90_rollback.yaml"))
        return assets
    }

    @Test func rollbackBeforeCutoverDropsTheNewDatabaseAfterTypedConfirmation() async throws {
        let binary = WizardEndToEndTests.binary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build edu-migrate first: \(binary)")
        let live = try await TestCluster.createDatabase("wizard_rb")
        let incoming = try await TestCluster.createDatabase("wizard_rb_new")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName("wizard_rb"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let assets = try rollbackAssets(in: dir)
        let config = """
            source: "\(live.conninfo)"
            target_database: \(incoming.name)
            legacy_rename: \(live.name)_legacy
            work_dir: \(dir.path)/work
            backup_dir: \(dir.path)/work/backups

            """
        try config.write(to: dir.appendingPathComponent("edu-migrate.yaml"), atomically: true, encoding: .utf8)
        let env = ["EDU_MIGRATE_ASSETS": assets.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        let t = try await TmuxTerminal(
            command: "\(TmuxTerminal.quote(binary)) wizard --config edu-migrate.yaml",
            environment: env, directory: dir.path)
        do {
            try await t.waitFor("Migration of the legacy education database")
            try await t.send("a")
            let criteria = try await t.waitFor("Success criteria: 0 of 6 met")
            #expect(criteria.contains("[ -- ]") || criteria.contains("· --"))
            try await t.send("Escape")
            try await t.waitFor("Migration of the legacy education database")
            try await t.send("b")
            let explained = try await t.waitFor("Which way back applies now")
            #expect(explained.contains("drop") && explained.contains(incoming.name))
            #expect(explained.contains("(applies)"))
            try await t.send("r")
            let dialog = try await t.waitFor("Confirm destructive action")
            #expect(dialog.contains("> Cancel <"), "focus starts on Cancel")
            #expect(dialog.contains("point of no return"))
            // Before the cutover the rollback drops the new database: its name is the one to type,
            // asked before the hook that stops the application runs.
            #expect(dialog.contains("Type the database name \"\(incoming.name)\""), "\(dialog)")
            try await t.send("Tab")
            try await t.type(incoming.name)
            try await t.send("Tab", "Enter")
            let done = try await t.waitFor("Rollback done: dropped \(incoming.name)", timeout: 60)
            #expect(done.contains("\(live.name) untouched"))
            // The procedure now waits for the operator's sign-off; quitting leaves it for the next start.
            try await t.send("q")
            if (try? await t.waitFor("Quit?", timeout: 3)) != nil { try await t.send("Tab", "Enter") }
            try await t.waitFor("EXITED rc=0", timeout: 30)
        } catch {
            await t.kill()
            throw error
        }
        await t.kill()
        let admin = try await Connection.connect(
            try await TestCluster.shared().conninfo(), applicationName: "tests admin")
        defer { admin.close() }
        let names = try await admin.query(
            "SELECT datname::text FROM pg_database WHERE datname = ANY($1::text[])",
            ["{\(live.name),\(incoming.name)}"])
        #expect(names.rows.map { $0[0] } == [live.name], "new database dropped, live one kept")
        try await TestCluster.dropDatabase(live.name)
    }
}
