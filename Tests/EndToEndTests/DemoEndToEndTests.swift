#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import MigrationCore
import Testing
import TestSupport

/// The whole demo as a DBA meets it: the real binary in a real terminal (tmux), a throwaway cluster
/// with a dirty legacy database, the checklist by keys, a quit while phase 1 runs and the resume offer
/// naming the cancelled step, phases 1-4 by keys, resizes during the copy, the reconciliation reader,
/// quit, restart and the resume offer after validation. Captures go to the test's temp dir
/// (kept and printed on failure; `EDU_E2E_KEEP=1` keeps them on success too).
@Suite(.requiresTmux, .tags(.tmux), .serialized) struct DemoEndToEndTests {
    /// Persons in the demo database: large enough to watch the copy for a moment, small enough to
    /// keep the test near a minute on a quiet 2-core machine (`EDU_E2E_SCALE` overrides).
    static let scale = Int(ProcessInfo.processInfo.environment["EDU_E2E_SCALE"] ?? "") ?? 50000

    @Test func demoPhasesOneToFourByKeysQuitMidPhaseResizeAndResume() async throws {
        let bin = try Binary.fresh()
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        let tables = try LegacyManifest.load(assets: TestCluster.assets).tables.map(\.name)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(TestCluster.uniqueName("demo_e2e"))
        let work = dir.appendingPathComponent("work")
        let captures = try Captures(dir: dir)
        let env = ["EDU_MIGRATE_ASSETS": TestCluster.assets.path, "LANG": "C.UTF-8", "TERM": "xterm-256color"]
        let q = TmuxTerminal.quote
        var terminals: [TmuxTerminal] = []
        let began = Date()
        do {
            let t = try await TmuxTerminal(
                command: "\(q(bin)) demo --scale \(Self.scale) --copy-rate 80000 --keep --work-dir \(q(work.path))",
                environment: env, directory: dir.path)
            terminals.append(t)
            let demo = DemoDriver(t: t, plan: plan, captures: captures)
            let start = try await t.waitFor("Migration of the legacy education database", timeout: 120)
            captures.save("start", start)
            try #require(start.contains("\(plan.stages.count) stages"))
            let seeded = Date().timeIntervalSince(began)

            var lap = Date()
            var laps = ["start screen": seeded]
            func timed(_ name: String, _ body: () async throws -> Void) async throws {
                try await body()
                laps[name] = Date().timeIntervalSince(lap)
                lap = Date()
            }
            try await timed("checklist") {
                try await t.send("Enter")
                try await t.waitFor("edu-migrate ▶ Pre-Migration Checklist")
                try await demo.signChecklist("pre-migration")
            }
            // Session 1 (the demo): quit while phase 1's full backup runs; the wizard asks first.
            let midQuit = captures.save(
                "quit-mid-phase", try await demo.quitWhileRunning("preparation", step: "preparation.backup-full"))
            try #require(midQuit.contains("EXITED rc=0"))
            // The printed resume command is the demo's (a new stand-in application), not the bare wizard.
            try #require(midQuit.contains("resume (with a new stand-in application): edu-migrate demo --work-dir "))
            try #require(!midQuit.contains("wizard --config"))
            let config = work.appendingPathComponent("demo.yaml")
            let socketDir = try #require(KeptCluster.socketDir(config: config), "no host= in \(config.path)")
            try #require(KeptCluster.postmaster(socketDir: socketDir) != nil, "--keep leaves the cluster running")
            try #require(
                midQuit.contains("kill -INT $(head -1 \(socketDir)/data/postmaster.pid)"),
                "the stop hint names this cluster")
            let wizard = "\(q(bin)) wizard --config \(q(config.path))"

            // Session 2, by the printed command: the resume offer names the cancelled step; the
            // stand-in application answers again (phases 5-6 check it); Enter continues; phases 1-4.
            let t2 = try await TmuxTerminal(
                command: "\(q(bin)) demo --work-dir \(q(work.path)) --keep --copy-rate 80000",
                environment: env, directory: dir.path)
            terminals.append(t2)
            let offer = captures.save("resume-mid-phase", try await t2.waitFor("steps done (from the journal)"))
            let health = try #require(try ConfigLoader.load(file: config).endpoints.first { $0.name == "health" })
            try #require(try await HttpClient.get(health.url).status == 200, "the resumed demo serves \(health.url)")
            let backup = try #require(plan.step("preparation.backup-full")?.step.title)
            let nextLine = offer.screenLines.first { $0.contains("Next") } ?? ""
            try #require(
                nextLine.contains("Phase 1: Preparation") && nextLine.contains(backup.prefix(20)),
                "the cancelled backup is next")
            try await t2.send("Enter")
            try await t2.waitFor("edu-migrate ▶ Phase 1: Preparation")
            let demo2 = DemoDriver(t: t2, plan: plan, captures: captures)
            laps["phase 1 (quit, restart)"] = Date().timeIntervalSince(lap)
            lap = Date()
            try await timed("phase 1") {
                try await demo2.runPhase("preparation", signed: ["preparation.maintenance-window"])
            }
            let backups =
                (try? FileManager.default.contentsOfDirectory(atPath: work.appendingPathComponent("backups").path))
                ?? []
            try #require(
                backups.filter { $0.contains("_custom_") }.count == 1,
                "the cancelled backup's partial file is gone, the re-run's is there: \(backups)")
            try await timed("phase 2") { try await demo2.runPhase("schema") }
            let migration = try demo2.stage("migration").stage
            try await timed("phase 3") {
                try await demo2.runPhase(
                    "migration", during: { try await demo2.copyAndResize(stageTitle: migration.title) })
            }
            try await timed("phase 4") {
                try await demo2.runPhase(
                    "validation",
                    beforeLastSignOff: {
                        try await demo2.reconciliation(
                            stage: "validation", step: "validation.reconciliation", tables: tables)
                    })
            }
            let exited = captures.save("quit", try await t2.quitWizard())
            try #require(exited.contains("EXITED rc=0"))
            try #require(FileManager.default.fileExists(atPath: work.appendingPathComponent("report.md").path))

            // Session 3: the resume offer after validation.
            let t3 = try await TmuxTerminal(command: wizard, environment: env, directory: dir.path)
            terminals.append(t3)
            let resume = captures.save("resume-offer", try await t3.waitFor("steps done (from the journal)"))
            try expectResumeOffer(resume, plan: plan)
            let back = try await t3.quitWizard()
            try #require(back.contains("EXITED rc=0"))
            let times = [
                "start screen", "checklist", "phase 1 (quit, restart)", "phase 1", "phase 2", "phase 3", "phase 4",
            ]
            .map { "\($0) \(Int((laps[$0] ?? 0).rounded())) s" }.joined(separator: ", ")
            print(
                "demo e2e: scale \(Self.scale): \(times); total \(Int(Date().timeIntervalSince(began))) s; "
                    + "captures in \(captures.dir.path)")
            for name in [
                "quit-question-mid-phase", "resume-mid-phase", "during-copy-100x30", "after-validation-reconciliation",
                "resume-offer",
            ] {
                print(
                    captures.all.components(separatedBy: "===== ").first { $0.contains(name) }.map { "===== " + $0 }
                        ?? "")
            }
        } catch {
            await tearDown(terminals, config: work.appendingPathComponent("demo.yaml"))
            print(
                "demo e2e failed after \(Int(Date().timeIntervalSince(began))) s; screens kept in \(captures.dir.path):\n\(captures.all)"
            )
            throw error
        }
        await tearDown(terminals, config: work.appendingPathComponent("demo.yaml"))
        if ProcessInfo.processInfo.environment["EDU_E2E_KEEP"] == nil {
            try? FileManager.default.removeItem(at: dir)
        }
    }

    /// The start screen after a restart: what is done, what was done last and what comes next.
    func expectResumeOffer(_ s: String, plan: Plan) throws {
        let validation = try #require(plan.stages.firstIndex { $0.id == "validation" })
        let done = plan.stages.prefix(through: validation).reduce(0) { $0 + $1.steps.count }
        let total = plan.stages.reduce(0) { $0 + $1.steps.count }
        try #require(s.contains("Resume"))
        try #require(s.contains("\(done) of \(total) steps done (from the journal)"))
        let lastDone = s.screenLines.first { $0.contains("Last done") } ?? ""
        try #require(lastDone.contains(plan.stages[validation].steps.last?.title ?? "?"))
        let next = s.screenLines.first { $0.contains("Next") } ?? ""
        let nextStage = plan.stages.dropFirst(validation + 1).first?.title ?? "?"
        try #require(next.contains(nextStage), "next is the stage after validation: \(nextStage)")
        try #require(s.contains("Enter: continue where you left off"))
        try #require(!s.contains("Waiting for your sign-off"), "a wait answered before the quit is not offered again")
    }

    /// Ends the tmux sessions (SIGHUP to a demo still running, whose watchdog then stops its
    /// cluster) and stops the cluster `--keep` left behind.
    func tearDown(_ terminals: [TmuxTerminal], config: URL) async {
        for t in terminals { await t.kill() }
        guard let socketDir = KeptCluster.socketDir(config: config) else { return }
        await KeptCluster.stop(socketDir: socketDir)
    }
}
