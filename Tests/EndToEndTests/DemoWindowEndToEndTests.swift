import Foundation
import MigrationCore
import Postgres
import Testing
import TestSupport

/// The maintenance window as a DBA meets it in the demo: phases 1-5 and the pre-deployment
/// checklist by keys, then the application writes to the legacy database, then phase 6 by `r`:
/// the typed confirmation, the freeze, the final sync (no sign-off asked mid-window), the cutover
/// and the health watch. The write is in the new live database afterwards.
@Suite(.requiresTmux, .tags(.tmux), .serialized) struct DemoWindowEndToEndTests {
    @Test func phaseSixByKeysSyncsAWriteMadeAfterPhaseThreeWithoutAskingAgain() async throws {
        let bin = try Binary.fresh()
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName("demo_window"))
        let work = dir.appendingPathComponent("work")
        let config = work.appendingPathComponent("demo.yaml")
        let captures = try Captures(dir: dir)
        let env = ["EDU_MIGRATE_ASSETS": TestCluster.assets.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        let q = TmuxTerminal.quote
        let t = try await TmuxTerminal(
            command: "\(q(bin)) demo --scale 5000 --keep --work-dir \(q(work.path))", environment: env,
            directory: dir.path)
        do {
            let demo = DemoDriver(t: t, plan: plan, captures: captures)
            try await t.waitFor("Migration of the legacy education database", timeout: 120)
            try await t.send("Enter")
            try await t.waitFor("edu-migrate ▶ Pre-Migration Checklist")
            try await demo.signChecklist("pre-migration")
            for id in ["preparation", "schema", "migration", "validation", "integration"] {
                try await demo.runPhase(id)
            }
            try await demo.signEvery("deployment-checklist")

            // The application writes after phase 3 copied: an UPDATE of the same length.
            let source = try ConfigLoader.load(file: config).source
            let legacy = try await Connection.connect(source, applicationName: "education-app")
            let person = try #require(try await legacy.query("SELECT min(id) AS id FROM persons").rows.first?["id"])
            try await legacy.execute("UPDATE persons SET lastname = 'Windowwrite' WHERE id = \(person)")
            legacy.close()

            let (_, deployment) = try demo.stage("deployment")
            try await demo.open("deployment")
            try await t.send("r")
            let ask = captures.save("window-confirm", try await t.waitFor("Type the database name", timeout: 60))
            try #require(ask.contains("The preview at"), "the sessions and renames are listed before the typed name")
            try await t.type("edu")
            try await t.send("Tab", "Enter")
            let total = deployment.steps.count
            let end = try await t.waitUntil("phase 6 done, or a sign-off asked mid-window", timeout: 180) {
                $0.contains("\(deployment.title) \(total)/\(total)") || $0.contains("Waiting for your sign-off")
                    || $0.contains("FAIL")
            }
            captures.save("window-done", end)
            try #require(!end.contains("Waiting for your sign-off"), "the final sync asks for no sign-off")
            try #require(end.contains("\(deployment.title) \(total)/\(total)") && !end.contains("FAIL"))
            try #require(end.contains("Final sync"))

            // The new live database (named edu now) holds the write.
            let live = try await Connection.connect(source, applicationName: "edu-migrate-test")
            let name = try await live.query("SELECT lastname FROM persons WHERE id = \(person)").rows.first?["lastname"]
            live.close()
            #expect(name == "Windowwrite")
            let journal = Journal.read(workDir: work).map(\.event)
            #expect(
                journal.contains {
                    if case .syncPlanned(_, let changes, _) = $0 { return changes.map(\.table) == ["persons"] }
                    return false
                }, "the sync named the changed table")
            let exited = try await t.quitWizard()
            try #require(exited.contains("EXITED rc=0"))
        } catch {
            await t.kill()
            if let socketDir = KeptCluster.socketDir(config: config) { await KeptCluster.stop(socketDir: socketDir) }
            print("demo window e2e failed; screens kept in \(captures.dir.path):\n\(captures.all)")
            throw error
        }
        await t.kill()
        if let socketDir = KeptCluster.socketDir(config: config) { await KeptCluster.stop(socketDir: socketDir) }
        try? FileManager.default.removeItem(at: dir)
    }
}
