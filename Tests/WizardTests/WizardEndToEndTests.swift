import Foundation
import Testing
import TestSupport

/// The real binary in a real terminal (tmux) on the throwaway cluster: checklist by keys, resize,
/// quit, restart and the resume offer. Uses a plan made of the pre-migration checklist only.
@Suite(.requiresPostgres, .requiresTmux, .tags(.postgres, .tmux), .serialized) struct WizardEndToEndTests {
    static var binary: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/edu-migrate").path
    }

    /// Assets holding only the checklist, so the test does not depend on later phases' SQL.
    func checklistAssets(in dir: URL) throws -> URL {
        let fm = FileManager.default
        let assets = dir.appendingPathComponent("Assets")
        try fm.createDirectory(at: assets.appendingPathComponent("plan"), withIntermediateDirectories: true)
        try fm.copyItem(at: TestCluster.assets.appendingPathComponent("sql"), to: assets.appendingPathComponent("sql"))
        try fm.copyItem(
            at: TestCluster.assets.appendingPathComponent("plan/00_pre_migration.yaml"),
            to: assets.appendingPathComponent("plan/00_pre_migration.yaml"))
        return assets
    }

    @Test func checklistByKeysResizeQuitAndResume() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.binary), "build edu-migrate first: \(Self.binary)")
        let db = try await TestCluster.createDatabase("wizard_e2e")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName("wizard_e2e"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let assets = try checklistAssets(in: dir)
        let config = "source: \"\(db.conninfo)\"\nwork_dir: \(dir.path)/work\nbackup_dir: \(dir.path)/work/backups\n"
        try config.write(to: dir.appendingPathComponent("edu-migrate.yaml"), atomically: true, encoding: .utf8)
        let env = ["EDU_MIGRATE_ASSETS": assets.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        let command = "\(TmuxTerminal.quote(Self.binary)) wizard --config edu-migrate.yaml"

        let t = try await TmuxTerminal(command: command, environment: env, directory: dir.path)
        do {
            try await t.waitFor("Migration of the legacy education database")
            try await t.send("Enter")
            try await t.waitFor("Pre-Migration Checklist")
            try await t.send("r")
            let checked = try await t.waitFor("PostgreSQL 15.")
            #expect(checked.contains("✓ ok"))
            try await t.send("j", "j", "j", "Space")
            try await t.waitFor("Your name")
            try await t.type("Tester")
            try await t.send("Enter")
            try await t.waitFor("signed by Tester")
            try await t.resize(rows: 20, cols: 70)
            try await t.waitFor("terminal too small: need 80x24, have 70x20")
            try await t.resize(rows: 30, cols: 100)
            try await t.waitFor("Operator: Tester")
            // The last automatic check may still run on a busy machine; q would then ask first.
            try await t.waitFor("✓ ok   Database admin access", timeout: 60)
            try await t.send("q")
            try await t.waitFor("EXITED rc=0", timeout: 30)
        } catch {
            await t.kill()
            throw error
        }
        await t.kill()

        let again = try await TmuxTerminal(command: command, environment: env, directory: dir.path)
        do {
            let start = try await again.waitFor("steps done (from the journal)")
            #expect(start.contains("Resume"))
            #expect(start.contains("PostgreSQL 15."))
            // Issue 13 item 5: the name is kept for this work directory, not asked again.
            try await again.send("Enter")
            let checklist = try await again.waitFor("Operator: Tester (w changes)")
            #expect(!checklist.contains("Your name"))
            // Issue 13 item 9: Ctrl-C on an idle screen asks; Esc stays.
            try await again.send("C-c")
            try await again.waitFor("Quit edu-migrate?")
            try await again.send("Escape")
            try await again.waitFor("Operator: Tester")
            try await again.send("q")
            try await again.waitFor("EXITED rc=0", timeout: 30)
        } catch {
            await again.kill()
            throw error
        }
        await again.kill()

        // Ctrl-Z under a shell with job control: the terminal is given back (the shell runs its
        // next command), and `fg` brings the wizard back, redrawn.
        let shell =
            "bash --norc --noprofile -c "
            + TmuxTerminal.quote("set -m; \(command); echo SHELL-HAS-THE-TERMINAL; read x; fg")
        let z = try await TmuxTerminal(command: shell, environment: env, directory: dir.path)
        do {
            try await z.waitFor("steps done (from the journal)")
            try await z.send("C-z")
            let back = try await z.waitFor("SHELL-HAS-THE-TERMINAL")
            #expect(
                !back.contains("steps done (from the journal)"), "the wizard's screen is gone while suspended: \(back)")
            try await z.send("Enter")
            try await z.waitFor("steps done (from the journal)")
            try await z.send("q")
            try await z.waitFor("EXITED rc=", timeout: 30)
        } catch {
            await z.kill()
            throw error
        }
        await z.kill()
        try await TestCluster.dropDatabase(db.name)
    }
}
