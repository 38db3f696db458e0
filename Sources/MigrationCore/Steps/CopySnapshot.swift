import Foundation
import Postgres

/// The transfer's one snapshot of the legacy database: every table is copied in one REPEATABLE
/// READ transaction, whose snapshot is exported to a second connection that fingerprints the same
/// tables side by side (`Assets/sql/core/table_fingerprint.sql`). The fingerprints are stored in
/// the new database (`migration_audit.source_fingerprints`) with the data they describe, and as
/// the artifact `transfer.fingerprints` for the report and the window's prediction.
final class CopySnapshot: @unchecked Sendable {
    private let source: Connection
    private let helper: Connection?
    /// The exported snapshot's id (`pg_export_snapshot()`).
    let snapshotID: String
    /// Extra copy lanes in the snapshot (committed by `finish`, rolled back by `abandon`).
    private var lanes: [(source: Connection, target: Connection)] = []
    private let fingerprinting: Task<([TableFingerprint], Double), any Error>?
    private let tables: [String]
    private let context: StepContext
    private let stepID: String
    /// When the snapshot was taken (after any reopening of a frozen legacy database).
    let takenAt: Date

    private init(
        source: Connection, helper: Connection?, fingerprinting: Task<([TableFingerprint], Double), any Error>?,
        tables: [String], context: StepContext, stepID: String, takenAt: Date, snapshotID: String
    ) {
        self.source = source
        self.helper = helper
        self.fingerprinting = fingerprinting
        self.snapshotID = snapshotID
        self.tables = tables
        self.context = context
        self.stepID = stepID
        self.takenAt = takenAt
    }

    /// Opens the snapshot on `source` and starts fingerprinting `tables` in it on a second
    /// connection when the step may open one (else `finish` fingerprints on `source`).
    static func begin(
        source: Connection, tables: [String], context: StepContext, stepID: String
    ) async throws -> CopySnapshot {
        try await source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let id = try await source.query("SELECT pg_export_snapshot() AS s").rows.first?["s"] ?? ""
        let takenAt = Date()
        let sql = try context.assetText("sql/core/table_fingerprint.sql")
        guard let another = context.connectAnother else {
            return CopySnapshot(
                source: source, helper: nil, fingerprinting: nil, tables: tables, context: context, stepID: stepID,
                takenAt: takenAt, snapshotID: id)
        }
        let helper = try await another(.source)
        try await helper.execute(
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + quoteLiteral(id))
        let task = Task {
            let t0 = Date()
            let found = try await Fingerprints.measure(tables, on: helper, sql: sql)
            return (found, Date().timeIntervalSince(t0))
        }
        return CopySnapshot(
            source: source, helper: helper, fingerprinting: task, tables: tables, context: context, stepID: stepID,
            takenAt: takenAt, snapshotID: id)
    }

    /// `n` more (source, target) connection pairs for copying side by side; each source
    /// connection imports this snapshot (`SET TRANSACTION SNAPSHOT`), read-only.
    func lanes(_ n: Int) async throws -> [(source: Connection, target: Connection)] {
        guard n > 0, let another = context.connectAnother else { return [] }
        var made: [(source: Connection, target: Connection)] = []
        for _ in 0..<n {
            let src = try await another(.source)
            try await src.execute(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + quoteLiteral(snapshotID))
            made.append((src, try await another(.target)))
        }
        lanes += made
        return made
    }

    /// After the last table: collects the fingerprints (their counts must equal the rows copied),
    /// ends the snapshot, stores them in the new database and, when the legacy database is frozen
    /// for the window, records that its content now equals the copy.
    func finish(target: Connection, copied: [String: Int64]) async throws {
        let found: [TableFingerprint]
        let seconds: Double
        if let fingerprinting {
            (found, seconds) = try await fingerprinting.value
        } else {
            let t0 = Date()
            found = try await Fingerprints.measure(
                tables, on: source, sql: try context.assetText("sql/core/table_fingerprint.sql"))
            seconds = Date().timeIntervalSince(t0)
        }
        _ = try await source.execute("COMMIT")
        if let helper { _ = try await helper.execute("COMMIT") }
        for lane in lanes { _ = try await lane.source.execute("COMMIT") }
        for f in found where copied[f.table].map({ $0 != f.rows }) == true {
            throw StepFailure(
                code: "fingerprint",
                message: "\(f.table): the fingerprint counted \(f.rows) rows in the copy's snapshot, "
                    + "the copy moved \(copied[f.table] ?? -1)", location: stepID,
                fix: "Retry the step; if it repeats, report it: both read the same snapshot.")
        }
        let rows = found.map { ["source_table": $0.table, "row_count": String($0.rows), "content_hash": $0.hash] }
        let json = String(
            decoding: try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys]), as: UTF8.self)
        try await target.execute("BEGIN")
        do {
            _ = try await target.query(
                "DELETE FROM migration_audit.source_fingerprints WHERE source_table = ANY($1::text[])",
                [pgArray(tables)])
            _ = try await target.query(try context.assetText("sql/migration/06_save_fingerprints.sql"), [json])
            try await target.execute("COMMIT")
        } catch {
            _ = try? await target.execute("ROLLBACK")
            throw error
        }
        try context.saveArtifact("transfer.fingerprints", try artifactEncoder.encode(found))
        if var frozen = FreezeRecord.load(context) {
            frozen.verifiedAt = takenAt
            frozen.changes = []
            try frozen.save(context)
        }
        context.emit(
            .result(
                step: stepID,
                table: ResultTable(
                    title: "Fingerprints of the copy (change detection)",
                    columns: ["table", "row count", "content hash"],
                    rows: found.map { [$0.table, String($0.rows), $0.hash] }, role: .copyFingerprints)))
        context.emit(
            .log(
                step: stepID, level: .info,
                message: String(
                    format: "fingerprints of %d tables taken in the copy's snapshot (%@, %.1f s of fingerprinting)",
                    found.count, helper == nil ? "after the copy" : "on a second connection, beside the copy", seconds))
        )
    }

    /// Ends the snapshot after a failure or cancel (nothing is stored).
    func abandon() async {
        fingerprinting?.cancel()
        helper?.cancel()
        _ = try? await source.execute("ROLLBACK")
        if let helper { _ = try? await helper.execute("ROLLBACK") }
        for lane in lanes { _ = try? await lane.source.execute("ROLLBACK") }
    }
}
