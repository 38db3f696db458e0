import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import Testing
import TestSupport

/// Faults from DESIGN.md "Testing": a legacy database missing a table; a crash after a table's
/// load committed but before the journal recorded it (the load is re-run and must not change anything).
@Suite(.requiresPostgres, .tags(.postgres)) struct FaultTests {
    @Test func legacyDatabaseMissingATableFailsPhaseOneNamingIt() async throws {
        let legacy = try await World.shared.legacy()
        let run = try await Scenario.run(
            legacy: legacy, source: legacy.missingTable, through: "validation", label: "it_missing")
        let reason = run.verdict.reason ?? ""
        #expect(run.verdict.outcome == .failed)
        #expect(reason.contains("preparation.legacy-columns") && reason.contains("course_teacher"), "\(reason)")
        let step = run.state.step("preparation.legacy-columns")
        #expect(step.status == .failed)
        let failing = step.checks.filter { $0.status == .fail }
        #expect(failing.contains { ($0.name + " " + $0.evidence).contains("course_teacher") }, "\(step.checks)")
        #expect(
            !failing.contains { ($0.name + " " + $0.evidence).contains("course_student") },
            "only the dropped table is missing")
        #expect(run.verdict.ran.last == "preparation.legacy-columns")
        #expect(!run.verdict.ran.contains { !$0.hasPrefix("pre-migration.") && !$0.hasPrefix("preparation.") })
        #expect(run.state.stageStatus["schema"] == nil)
        let exists = try await DB.scalar(
            legacy.conninfo("postgres"), "SELECT count(*) FROM pg_database WHERE datname = $1",
            [run.config.targetDatabase])
        #expect(exists == "0", "phase 2 must not have created the target database")
    }

    /// Row counts and checksums of every target table and of the ledger, per legacy table.
    static func targetSnapshot(_ conninfo: String) async throws -> [String: String] {
        var out: [String: String] = [:]
        let c = try await Connection.connect(conninfo, applicationName: "integration tests")
        defer { c.close() }
        for (legacy, target) in legacyTables + [("-", "dictionary_types"), ("-", "academic_years")] {
            out[target] = try await c.query(
                "SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM public.\(target) t"
            ).rows.first?[0]
            if legacy == "-" { continue }
            out["ledger " + legacy] = try await c.query(
                """
                SELECT (SELECT count(*) || '/' || md5(coalesce(string_agg(source_id || ':' || survivor_id || rule, ',' ORDER BY source_id), '')) FROM migration_audit.merged_rows WHERE source_table = $1)
                    || ' ' || (SELECT count(*) || '/' || md5(coalesce(string_agg(source_id || reason || row_data::text, ',' ORDER BY source_id, reason), '')) FROM migration_audit.rejected_rows WHERE source_table = $1)
                    || ' ' || (SELECT count(*) FROM migration_audit.nulled_values WHERE source_table = $1)
                    || ' ' || (SELECT count(*) FROM migration_audit.renamed_values WHERE source_table = $1)
                    || ' ' || (SELECT source_rows || '=' || migrated || '+' || merged || '+' || rejected FROM migration_audit.reconciliation WHERE source_table = $1)
                """, [legacy]
            ).rows.first?[0]
        }
        return out
    }

    /// Crash: the step committed, the process died before the journal recorded its end. A new
    /// session on the same work directory sees it interrupted; the operator retries it.
    static func crashAndRetry(
        _ id: String, _ s: MigrationSession, config: MigrationConfig, workDir: URL
    ) async throws -> MigrationSession {
        let attempt = await s.runState.step(id).attempt
        _ = s.hub.publish(.stepStarted(step: id, attempt: attempt + 1))
        await s.close()
        let next = try Scenario.session(config, workDir: workDir)
        #expect(await next.runState.step(id).status == .running, "\(id) should be seen as interrupted")
        await next.send(.retry(id))
        await next.waitIdle()
        let st = await next.runState.step(id)
        #expect(
            st.status == .passed && st.attempt == attempt + 2,
            "\(id) re-run: \(st.status) attempt \(st.attempt) \(st.failure?.message ?? "")")
        return next
    }

    /// Steps of `stage` that write a part of what `id` writes (`students.user_id` of `students`;
    /// also the `.ddl` of keys and foreign keys, which the caller leaves to their own turn).
    static func completing(_ id: String, in stage: Stage) -> [String] {
        guard let step = stage.steps.first(where: { $0.id == id }) else { return [] }
        return stage.steps.filter { other in
            other.writes.contains { w in step.writes.contains { w.hasPrefix($0 + ".") } }
        }.map(\.id)
    }

    @Test func loadsReRunAfterACrashChangeNothing() async throws {
        let legacy = try await World.shared.legacy()
        let (config, dir) = Scenario.config(legacy: legacy, source: legacy.rerun, label: "it_rerun")
        let target = legacy.sandbox.conninfo(database: config.targetDatabase)
        // Phase 1 is the main run's business: open the gate with a recorded reason.
        var s = try Scenario.session(config, workDir: dir)
        await s.send(
            .overrideGate(
                stage: "schema", reason: "integration test: phase 1 covered by the main run",
                operatorName: Scenario.operatorName))
        await s.send(.runStage("schema"))
        await s.waitIdle()
        let migration = try Scenario.steps(of: "migration")
        let loads = try Scenario.loadSteps()
        #expect(loads.count >= 14 && loads.first == "migration.staging" && loads.count < migration.count, "\(loads)")
        for id in loads {
            await s.send(.runStep(id))
            await s.waitIdle()
            let st = await s.runState.step(id)
            try #require(st.status == .passed, "\(id): \(st.status) \(st.failure?.message ?? "")")
        }
        let before = try await Self.targetSnapshot(target)
        #expect(before["persons"]?.hasPrefix("0 rows") == false)
        let stage = try #require(try PlanLoader.load(assets: TestCluster.assets).stage("migration"))
        for id in loads {
            s = try await Self.crashAndRetry(id, s, config: config, workDir: dir)
            // A step that completes the same table (students-users: the user ids, after students)
            // waits for it in the graph, so it cannot have run before an interrupted load: re-run.
            for next in Self.completing(id, in: stage) where loads.contains(next) {
                s = try await Self.crashAndRetry(next, s, config: config, workDir: dir)
            }
            let after = try await Self.targetSnapshot(target)
            for (k, v) in before where after[k] != v {
                Issue.record("re-running \(id) changed \(k): \(v) → \(after[k] ?? "nil")")
            }
        }
        // The re-run target still completes phase 3 and passes phase 4.
        await s.send(.runStage("migration"))
        await s.waitIdle()
        let fks =
            "SELECT count(*) FILTER (WHERE convalidated) || '/' || count(*) FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace"
        let fksBefore = try await DB.scalar(target, fks)
        for id in migration.dropFirst(loads.count) {
            s = try await Self.crashAndRetry(id, s, config: config, workDir: dir)
            #expect(try await DB.scalar(target, fks) == fksBefore, "re-running \(id): foreign keys \(fksBefore ?? "")")
            #expect(try await Self.targetSnapshot(target) == before, "re-running \(id) changed the data")
        }
        await s.send(.runStage("validation"))
        await s.waitIdle()
        let state = await s.runState
        await s.close()
        for id in migration + (try Scenario.steps(of: "validation")) {
            let st = state.step(id)
            #expect(st.status == .passed || st.status == .signed, "\(id): \(st.status) \(st.failure?.message ?? "")")
        }
        #expect(state.overrides["schema"] != nil)
    }
}
