import Foundation
import LegacySeed
import ProcessSpawning
import MigrationCore
import PostgresSandbox
import Testing
import TestSupport

/// Phase 3 runs as a graph, several loads at once on their own connections. `kill -9` of the
/// tool while two of them run, then `run` again on the same work directory: the interrupted
/// steps re-run from their start, and the target and its ledger are exactly those of a run that
/// was never interrupted.
@Suite(.requiresPostgres, .tags(.postgres)) struct GraphCrashTests {
    @Test func killDuringParallelLoadsThenRerunGivesTheSameTargetAndLedger() async throws {
        let sandbox = try await TestCluster.shared()
        let legacyName = TestCluster.uniqueName("graph_edu")
        _ = try await LegacySeeder(assets: TestCluster.assets).seed(
            adminConninfo: sandbox.conninfo(), database: legacyName, scale: 20000, replace: true)
        let source = sandbox.conninfo(database: legacyName)

        // Reference: phases 2-4 in process, never interrupted.
        let reference = try await Self.phaseTwo(source: source, label: "graph_ref")
        let ref = try Scenario.session(reference.config, workDir: reference.dir)
        for stage in ["migration", "validation"] {
            await ref.send(.runStage(stage))
            await ref.waitIdle()
        }
        try #require(await ref.runState.stageStatus["validation"] != nil)
        await ref.close()
        let expected = try await FaultTests.targetSnapshot(sandbox.conninfo(database: reference.config.targetDatabase))

        // The same through the command line, killed while two loads run, then run again.
        let killed = try await Self.phaseTwo(source: source, label: "graph_kill")
        let file = killed.dir.appendingPathComponent("edu-migrate.yaml")
        try Data("source: \"\(source)\"\ntarget_database: \(killed.config.targetDatabase)\n".utf8).write(to: file)
        let binary = try #require(
            CLIBinary.path(package: TestCluster.assets.deletingLastPathComponent()), "edu-migrate not built")
        let home = killed.dir.appendingPathComponent("home")
        let env = [
            "EDU_MIGRATE_ASSETS": TestCluster.assets.path, "HOME": home.path,
            "PGPASSFILE": home.appendingPathComponent("none").path, "CI": "true",
        ]
        let args = [
            "run", "--config", file.path, "--work-dir", killed.dir.path, "--through", "validation", "--sign-off-as",
            "ci",
        ]
        let child = try ChildProcess(binary, args, environment: env, timeout: 300)
        var side: [String] = []
        for _ in 0..<3000 where side.count < 2 {
            side = Self.runningLoads(killed.dir)
            if side.count < 2 { try await Task.sleep(nanoseconds: 10_000_000) }
        }
        kill(child.pid, SIGKILL)
        _ = await child.wait()
        try #require(side.count >= 2, "never saw two loads running side by side")
        // What the journal says was running when the process died (a step may have ended between
        // the last look and the kill): those are re-run from their start.
        let interrupted = Self.runningLoads(killed.dir)
        #expect(!interrupted.isEmpty, "the kill landed after the loads: \(side)")

        let again = try ChildProcess(binary, args, environment: env, timeout: 300)
        let r = await again.wait()
        #expect(!r.timedOut && (r.status == 0 || r.status == 3), "rerun: \(r)")
        let rerun = try Scenario.session(killed.config, workDir: killed.dir)
        let state = await rerun.runState
        await rerun.close()
        for id in interrupted {
            #expect(state.step(id).status == .passed && state.step(id).attempt >= 2, "\(id) re-ran: \(state.step(id))")
        }
        let got = try await FaultTests.targetSnapshot(sandbox.conninfo(database: killed.config.targetDatabase))
        #expect(got == expected, "\(got.filter { expected[$0.key] != $0.value })")
    }

    /// A work directory whose checklist and phase 1 are on record (not under test here) and
    /// whose phase 2 ran, in process.
    static func phaseTwo(source: String, label: String) async throws -> (config: MigrationConfig, dir: URL) {
        var config = MigrationConfig(source: source)
        config.targetDatabase = TestCluster.uniqueName(label)
        config.legacyRename = config.targetDatabase + "_legacy"
        let dir = URL(fileURLWithPath: Scenario.root).appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        config.workDir = dir.path
        config.backupDir = dir.appendingPathComponent("backups").path
        let s = try Scenario.session(config, workDir: dir)
        for stage in s.plan.stages.prefix(while: { $0.id != "schema" }) where stage.kind != .procedure {
            for step in stage.steps {
                _ = s.hub.publish(.stepStarted(step: step.id, attempt: 1))
                _ = s.hub.publish(.stepFinished(step: step.id, outcome: .passed, seconds: 0))
            }
        }
        await s.send(.runStage("schema"))
        await s.waitIdle()
        try #require(await s.runState.stageStatus["schema"] != nil)
        await s.close()
        return (config, dir)
    }

    /// Phase 3 steps started and not ended, from the journal as written so far.
    static func runningLoads(_ dir: URL) -> [String] {
        guard let text = try? String(contentsOf: dir.appendingPathComponent("journal.jsonl"), encoding: .utf8) else {
            return []
        }
        var running: [String] = []
        for line in text.split(separator: "\n") {
            guard let data = line.data(using: .utf8),
                let rec = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                let event = rec["event"] as? [String: Any]
            else { continue }
            for (kind, body) in event {
                guard let step = (body as? [String: Any])?["step"] as? String, step.hasPrefix("migration.") else {
                    continue
                }
                if kind == "stepStarted" { running.append(step) }
                if kind == "stepFinished" || kind == "stepFailed" { running.removeAll { $0 == step } }
            }
        }
        return running.filter { $0 != "migration.staging" && $0 != "migration.transfer" }
    }
}
