import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import TestSupport
import Testing

/// Writes made to the legacy database after phase 3 (issue: nothing written to edu after phase 3
/// is lost). Phases 1-4 run once; each scenario then gets its own copy of the legacy and new
/// databases and of the work directory, changes the legacy database, and runs the rest of the
/// plan headless (destructive steps allowed): the window freezes, compares, syncs, cuts over.
@Suite(.requiresPostgres, .tags(.postgres), .serialized) struct FinalSyncTests {
    /// Every committed change is in the new live database; the ledger balances against the
    /// frozen (retired) legacy database; the run passes.
    private func expectSynced(_ w: SyncWorld) async throws {
        #expect(w.verdict?.outcome == .passed, "\(w.verdict?.reason ?? "")")
        let live = w.sandbox.conninfo(database: w.live)
        let retired = w.sandbox.conninfo(database: w.retired)
        let unbalanced = try await DB.scalar(
            live, "SELECT count(*) FROM migration_audit.reconciliation WHERE NOT balanced")
        #expect(unbalanced == "0")
        for (table, _) in legacyTables {
            let copied = try await DB.scalar(
                live, "SELECT source_rows FROM migration_audit.reconciliation WHERE source_table = $1", [table])
            let frozen = try await DB.scalar(retired, "SELECT count(*) FROM \(table)")
            #expect(copied == frozen, "\(table): ledger \(copied ?? "?") vs frozen legacy \(frozen ?? "?")")
        }
    }

    @Test func anUpdateOfSameLengthValuesReachesTheNewDatabase() async throws {
        let w = try await SyncWorld.make("upd")
        let person = try #require(
            try await DB.scalar(w.target, "SELECT min(id) FROM persons WHERE length(lastname) >= 4"))
        let account = try #require(try await DB.scalar(w.target, "SELECT min(id) FROM accounts WHERE email LIKE '%@%'"))
        try await w.legacyExec("UPDATE persons SET lastname = 'Zzyx' || substr(lastname, 5) WHERE id = \(person)")
        try await w.legacyExec("UPDATE accounts SET email = 'zz' || substr(email, 3) WHERE id = \(account)")
        try await w.runRest()
        try await expectSynced(w)
        let live = w.sandbox.conninfo(database: w.live)
        #expect(
            try await DB.scalar(live, "SELECT lastname FROM persons WHERE id = \(person)")?.hasPrefix("Zzyx") == true)
        #expect(try await DB.scalar(live, "SELECT email FROM accounts WHERE id = \(account)")?.hasPrefix("zz") == true)
        #expect(w.changedTables == ["accounts", "persons"])
        // Phases 3-4 ran again, their checks included; the review sign-off stands (not asked again mid-window).
        #expect(w.ranAgain.isSuperset(of: ["migration.persons", "validation.merged-references"]), "\(w.ranAgain)")
        #expect(!w.ranAgain.contains("validation.results-reviewed"), "\(w.ranAgain)")
        // The sync's copy connected every lane before its snapshot: the cutover trusts it and does
        // not fingerprint the frozen database again in the downtime.
        let cutoverCheck = w.checkEvidence("deployment.cutover", "legacy equals the copy")
        #expect(
            cutoverCheck.count == 1 && cutoverCheck.allSatisfy { $0.contains("verified equal to the copy at") },
            "\(cutoverCheck)")
        // The window, timed in the report with its parts.
        let md = ReportWriter.render(
            events: Journal.read(workDir: w.workDir), config: w.config,
            plan: try PlanLoader.load(assets: TestCluster.assets))
        #expect(md.contains("Downtime (maintenance on → off): **"))
        #expect(
            md.contains("| final sync (phases 3-4) |") && md.contains("| freeze and compare |")
                && md.contains("| cutover |"), "\(md)")
    }

    @Test func aDeletePlusInsertInOneTableKeepsTheCountAndStillSyncs() async throws {
        let w = try await SyncWorld.make("delins")
        let gone = try #require(try await DB.scalar(w.target, "SELECT min(id) FROM course_teachers"))
        // A pair of a migrated course and teacher not linked yet (a clean row the load keeps).
        let pair = try #require(
            try await DB.rows(
                w.target,
                """
                SELECT c.id AS course, t.id AS teacher FROM courses c CROSS JOIN teachers t
                WHERE NOT EXISTS (SELECT 1 FROM course_teachers x WHERE x.course_id = c.id AND x.teacher_id = t.id)
                ORDER BY c.id, t.id LIMIT 1
                """
            ).first)
        try await w.legacyExec(
            """
            DELETE FROM course_teacher WHERE id = \(gone);
            INSERT INTO course_teacher (id, course_id, teacher_id, create_date)
            VALUES (900001, \(pair["course"] ?? "0"), \(pair["teacher"] ?? "0"), now());
            """)
        try await w.runRest()
        try await expectSynced(w)
        let live = w.sandbox.conninfo(database: w.live)
        #expect(try await DB.scalar(live, "SELECT count(*) FROM course_teachers WHERE id = \(gone)") == "0")
        #expect(try await DB.scalar(live, "SELECT count(*) FROM course_teachers WHERE id = 900001") == "1")
    }

    @Test func anInsertOnlyReachesTheNewDatabase() async throws {
        let w = try await SyncWorld.make("ins")
        try await w.legacyExec(
            """
            INSERT INTO persons (id, firstname, lastname, birthdate, pincode, create_date)
            SELECT max(id) + 1, 'Nigar', 'Synctest', '1990-01-02', 'SYNC902', now() FROM persons
            """)
        let id = try #require(try await DB.scalar(w.source, "SELECT max(id) FROM persons"))
        try await w.runRest()
        try await expectSynced(w)
        #expect(
            try await DB.scalar(w.sandbox.conninfo(database: w.live), "SELECT lastname FROM persons WHERE id = \(id)")
                == "Synctest")
        #expect(w.changedTables == ["persons"])
    }

    @Test func aDeleteOnlyIsGoneFromTheNewDatabase() async throws {
        let w = try await SyncWorld.make("del")
        let gone = try #require(try await DB.scalar(w.target, "SELECT min(id) FROM course_students"))
        try await w.legacyExec("DELETE FROM course_student WHERE id = \(gone)")
        try await w.runRest()
        try await expectSynced(w)
        #expect(
            try await DB.scalar(
                w.sandbox.conninfo(database: w.live), "SELECT count(*) FROM course_students WHERE id = \(gone)") == "0")
    }

    @Test func aTruncateAndReloadWithTheSameCountIsSeen() async throws {
        let w = try await SyncWorld.make("trunc")
        let before = try await DB.scalar(w.source, "SELECT count(*) FROM education_group_student")
        let flipped = try #require(
            try await DB.scalar(w.source, "SELECT min(id) FROM education_group_student WHERE active = 1"))
        try await w.legacyExec(
            """
            CREATE TEMP TABLE keep AS SELECT * FROM education_group_student;
            TRUNCATE education_group_student;
            INSERT INTO education_group_student SELECT * FROM keep;
            UPDATE education_group_student SET active = 0 WHERE id = \(flipped);
            """)
        #expect(try await DB.scalar(w.source, "SELECT count(*) FROM education_group_student") == before)
        try await w.runRest()
        try await expectSynced(w)
        #expect(w.changedTables == ["education_group_student"])
        let status = try await DB.scalar(
            w.sandbox.conninfo(database: w.live), "SELECT status FROM education_group_students WHERE id = \(flipped)")
        #expect(status != nil && status != "active")
    }

    /// A session that keeps committing until the window ends it: every commit it saw succeed is
    /// in the new database; it cannot commit after the freeze.
    @Test func aSessionCommittingUntilTheToolStopsItLosesNothing() async throws {
        let w = try await SyncWorld.make("writer")
        let writer = try await Connection.connect(w.source, applicationName: "busy-app")
        let committed = Committed()
        let start = Int(try #require(try await DB.scalar(w.source, "SELECT max(id) FROM persons"))) ?? 0
        let loop = Task {
            var id = start + 1000
            while !Task.isCancelled {
                id += 1
                do {
                    _ = try await writer.query(
                        "INSERT INTO persons (id, firstname, lastname, pincode, create_date) "
                            + "VALUES ($1::int, 'Busy', 'Writer', $2, now())", [String(id), "BW\(id)"])
                    committed.add(id)
                } catch { return }
                try? await Task.sleep(nanoseconds: 20_000_000)
            }
        }
        try await Task.sleep(nanoseconds: 300_000_000)
        try await w.runRest()
        loop.cancel()
        _ = await loop.value
        writer.close()
        try await expectSynced(w)
        let ids = committed.ids
        #expect(!ids.isEmpty)
        let found = try await DB.scalar(
            w.sandbox.conninfo(database: w.live),
            "SELECT count(*) FROM persons WHERE id = ANY($1::int[])",
            ["{" + ids.map(String.init).joined(separator: ",") + "}"])
        #expect(found == String(ids.count), "committed \(ids.count), in the new database \(found ?? "?")")
    }

    /// Nothing changed: the window compares, runs no sync, and the cutover trusts the comparison.
    @Test func anUnchangedLegacyNeedsNoSync() async throws {
        let w = try await SyncWorld.make("same")
        try await w.runRest()
        try await expectSynced(w)
        #expect(w.changedTables == [])
        #expect(!w.ranAgain.contains("migration.transfer"))
    }

    /// After the cutover the application writes to the new database; the rollback names the
    /// table before renaming anything and keeps that database under a name that says so.
    @Test func aRollbackAfterTheCutoverNamesAndKeepsWhatTheApplicationWrote() async throws {
        let w = try await SyncWorld.make("rb")
        // Written before the window: the final sync copies it, so phase 1's counts are stale.
        try await w.legacyExec("DELETE FROM course_student WHERE id = (SELECT min(id) FROM course_student)")
        try await w.runRest()
        #expect(w.verdict?.outcome == .passed, "\(w.verdict?.reason ?? "")")
        let live = w.sandbox.conninfo(database: w.live)
        _ = try await DB.rows(
            live,
            "INSERT INTO course_students (course_id, student_id, status) SELECT course_id, student_id, status FROM course_students LIMIT 1"
        )
        let verdict = try await w.rollback()
        #expect(verdict.outcome == .passed || verdict.outcome == .warned, "\(verdict.reason ?? "")")
        let changes = try #require(w.tables(role: .targetChanges).last)
        let changed = zip(changes.rows, changes.status ?? []).filter { $0.1 != .pass }.map { $0.0[0] }
        #expect(changed == ["course_students"])
        let kept = try await DB.rows(
            w.sandbox.conninfo(), "SELECT datname::text FROM pg_database WHERE datname LIKE $1",
            [w.targetName + "%written_after_cutover%"])
        #expect(kept.count == 1)
        // the live name is the legacy database again, checked against what the window froze
        #expect(try await DB.scalar(live, "SELECT count(*) FROM pg_tables WHERE tablename = 'course_student'") == "1")
        let verified = w.tables(role: nil).last { $0.title.hasPrefix("Row counts of \(w.live) vs") }
        #expect(
            verified?.title.hasSuffix("vs the rows of the last copy (frozen legacy database)") == true,
            "\(verified?.title ?? "")")
        #expect(verified?.status?.allSatisfy { $0 == .pass } == true)
    }
}

/// Ids a writer saw committed.
final class Committed: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    func add(_ id: Int) { lock.withLock { list.append(id) } }
    var ids: [Int] { lock.withLock { list } }
}
