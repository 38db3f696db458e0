import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct CutoverTests {
    private let step = Step(id: "deployment.cutover", title: "Cutover", kind: .cutover, destructive: true)

    @Test func refusesWithoutValidationEvidence() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let rec = Recorder()  // no validation.passed artifact
        rec.save("analysis.pre_migration_counts", Data("[]".utf8))
        let ctx = rec.context(config: world.config) { _ in world.sandbox.conninfo() }
        do {
            _ = try await CutoverExecutor().run(step, context: ctx)
            Issue.record("cutover ran without validation evidence")
        } catch let f as StepFailure {
            #expect(f.code == "validation-missing")
            #expect(f.fix?.contains("override") == true)
        }
        #expect(try await world.databases() == [world.live, world.target])
    }

    @Test func renamesTerminatesSessionsAndVerifies() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let idle = try await Connection.connect(
            world.sandbox.conninfo(database: world.live), applicationName: "legacy-app-session")
        #expect(try await CutoverExecutor().run(step, context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.legacy])
        #expect(try await world.count("education_groups", in: world.live) == 3)  // the new schema is live
        #expect(try await world.count("education_group", in: world.legacy) == 4)  // legacy intact
        let sessions = world.rec.tables.first { $0.title.hasPrefix("Sessions connected to") }
        #expect(sessions?.rows.contains { $0.contains("legacy-app-session") } == true)
        await #expect(throws: PostgresError.self) { try await idle.query("SELECT 1") }
        idle.close()
        let counts = world.rec.tables.first { $0.title.contains("vs pre-migration counts") }
        #expect(counts?.status == [.pass, .pass, .pass])
        let state = try #require(world.rec.load(CutoverState.artifact))
        #expect(String(decoding: state, as: UTF8.self).contains("\"completed\":true"))
        // Re-running after completion changes nothing and still passes.
        #expect(try await CutoverExecutor().run(step, context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.legacy])
    }

    /// Phase 3's copy fingerprinted the legacy tables; then a value of the same length was
    /// UPDATEd (the count is unchanged): the cutover refuses before renaming anything, naming the
    /// table (the write would stay behind in the retired one).
    @Test func refusesBeforeRenamingWhenTheLegacyChangedSincePhase3() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        try await world.recordCopyFingerprints(["education_group", "course"])
        let live = try await Connection.connect(world.sandbox.conninfo(database: world.live))
        try await live.execute(
            "UPDATE education_group SET name = upper(name) WHERE id = (SELECT min(id) FROM education_group)")
        live.close()
        do {
            _ = try await CutoverExecutor().run(step, context: world.context())
            Issue.record("cutover renamed a legacy database that changed after phase 3")
        } catch let f as StepFailure {
            #expect(f.code == "legacy-changed")
            #expect(
                f.message.contains("education_group: 4 rows, content changed")
                    && f.message.contains("Nothing was renamed"), "\(f.message)")
            #expect(!f.message.contains("course:"))
        }
        #expect(try await world.databases() == [world.live, world.target])
        let changes = world.rec.tables.first { $0.role == .legacyChanges }
        let statusOf = Dictionary(uniqueKeysWithValues: zip(changes?.rows.map { $0[0] } ?? [], changes?.status ?? []))
        #expect(statusOf == ["education_group": .fail, "course": .pass])
        // The fingerprint pass is live progress, table by table.
        let progress = world.rec.events.compactMap { e -> Int64? in
            if case .progress(_, "fingerprints", let done, 2, "tables") = e { return done } else { return nil }
        }
        #expect(progress == [0, 1, 2])
    }

    /// A copy fingerprinted by an older version (no method recorded; its table without the column)
    /// is never taken as equal, even with nothing changed: the cutover refuses, the window syncs.
    @Test func fingerprintsOfAnOlderVersionAreNeverTakenAsEqual() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        try await world.recordCopyFingerprints(["education_group", "course"])
        let target = try await Connection.connect(world.sandbox.conninfo(database: world.target))
        try await target.execute("ALTER TABLE migration_audit.source_fingerprints DROP COLUMN method")
        target.close()
        let failure = await #expect(throws: StepFailure.self) {
            try await CutoverExecutor().run(step, context: world.context())
        }
        #expect(failure?.code == "legacy-changed")
        #expect(failure?.message.contains("another fingerprint method") == true, "\(failure?.message ?? "")")
        #expect(try await world.databases() == [world.live, world.target])
    }

    /// Unchanged since the copy: the cutover compares, records the new database's fingerprints
    /// for a rollback, renames, and checks the retired database against the copy.
    @Test func anUnchangedLegacyIsComparedThenRenamed() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        try await world.recordCopyFingerprints(["education_group", "course"])
        #expect(try await CutoverExecutor().run(step, context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.legacy])
        #expect(world.rec.load("cutover.target_fingerprints") != nil)
        let retired = world.rec.tables.first { $0.title.contains("after the renames vs phase 3's copy") }
        #expect(retired?.status == [.pass, .pass])
    }

    @Test func resumesAfterACrashBetweenTheTwoRenames() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        // What a crash right after the first rename leaves behind: both blocked, live renamed away.
        let admin = try await world.admin()
        try await admin.execute(
            "ALTER DATABASE \(world.live) WITH ALLOW_CONNECTIONS false; "
                + "ALTER DATABASE \(world.target) WITH ALLOW_CONNECTIONS false; "
                + "ALTER DATABASE \(world.live) RENAME TO \(world.legacy)")
        admin.close()
        #expect(try await world.databases() == [world.legacy, world.target])
        #expect(try await CutoverExecutor().run(step, context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.legacy])
        #expect(world.rec.logs.contains { $0.contains("resuming cutover") && $0.contains("live-retired") })
        #expect(try await world.count("courses", in: world.live) == 5)
        #expect(try await world.count("course", in: world.legacy) == 60)  // connections re-allowed
    }
}

@Suite(.requiresPostgres, .tags(.postgres)) struct CutoverEvidenceTests {
    private let step = Step(id: "deployment.cutover", title: "Cutover", kind: .cutover, destructive: true)

    /// A work dir whose journal holds `events`; the context's admin connection goes nowhere, so a
    /// cutover that accepted the evidence fails later with a connection error instead.
    private func attempt(_ events: [MigrationEvent]) async -> (any Error)? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-evidence-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        if let journal = try? Journal(workDir: dir) {
            for (i, e) in events.enumerated() { journal.append(EventRecord(seq: i + 1, at: Date(), event: e)) }
        }
        var ctx = Recorder().context(config: MigrationConfig(source: "host=/nonexistent dbname=edu"), workDir: dir) {
            _ in
            "host=/nonexistent dbname=postgres connect_timeout=1"
        }
        ctx.plan = realPlan  // which stages validate, and which come after them
        do {
            _ = try await CutoverExecutor().run(step, context: ctx)
            return nil
        } catch { return error }
    }

    private func refused(_ e: (any Error)?) -> Bool { (e as? StepFailure)?.code == "validation-missing" }

    @Test func journalEvidenceIsAccepted() async {
        #expect(refused(await attempt([])))
        #expect(refused(await attempt([.stageFinished(stage: "validation", outcome: .failed)])))
        #expect(!refused(await attempt([.stageFinished(stage: "validation", outcome: .passed)])))
        #expect(
            !refused(
                await attempt([.gateOverridden(stage: "deployment", reason: "validated by hand", operatorName: "DBA")]))
        )
    }
}

@Suite(.requiresPostgres, .tags(.postgres)) struct CutoverPreviewTests {
    @Test func previewListsSessionsAndChangesNothing() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let app = try await Connection.connect(
            world.sandbox.conninfo(database: world.target), applicationName: "still-here")
        defer { app.close() }
        let step = Step(id: "deployment.cutover-preview", title: "p", kind: .cutover, params: ["preview": .bool(true)])
        #expect(try await CutoverExecutor().run(step, context: world.context()) == .warned)
        #expect(try await world.databases() == [world.live, world.target])
        #expect(world.rec.tables.first?.rows.contains { $0.contains("still-here") } == true)
        #expect(
            world.rec.tables.last?.rows == [[world.live, world.legacy, "to do"], [world.target, world.live, "to do"]])
        _ = try await app.query("SELECT 1")  // not terminated
    }
}
