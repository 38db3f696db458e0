import Foundation
import Postgres

/// The transfer's one snapshot of the legacy database: every table is copied in one REPEATABLE
/// READ transaction, whose snapshot is exported to the other copy lanes. Each table's fingerprint
/// is hashed by the relay as its rows pass (`CopyDigest`), so it describes exactly what was copied
/// at no extra pass over the data. The fingerprints are stored in the new database
/// (`migration_audit.source_fingerprints`) with the data they describe, and as the artifact
/// `transfer.fingerprints` for the report and the window's prediction.
final class CopySnapshot: @unchecked Sendable {
    private let source: Connection
    /// The exported snapshot's id (`pg_export_snapshot()`).
    let snapshotID: String
    /// Extra copy lanes in the snapshot (committed by `finish`, rolled back by `abandon`).
    private var lanes: [(source: Connection, target: Connection)] = []
    private let tables: [String]
    private let context: StepContext
    private let stepID: String
    /// When the snapshot was taken (after any reopening of a frozen legacy database).
    let takenAt: Date

    private init(
        source: Connection, tables: [String], context: StepContext, stepID: String, takenAt: Date, snapshotID: String
    ) {
        self.source = source
        self.snapshotID = snapshotID
        self.tables = tables
        self.context = context
        self.stepID = stepID
        self.takenAt = takenAt
    }

    /// Opens the snapshot on `source`.
    static func begin(
        source: Connection, tables: [String], context: StepContext, stepID: String
    ) async throws -> CopySnapshot {
        try await source.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let id = try await source.query("SELECT pg_export_snapshot() AS s").rows.first?["s"] ?? ""
        return CopySnapshot(
            source: source, tables: tables, context: context, stepID: stepID, takenAt: Date(), snapshotID: id)
    }

    /// `n` more (source, target) connection pairs for copying side by side, opened BEFORE the
    /// snapshot is taken: on a legacy database frozen for the window each new connection reopens
    /// it for a moment (`FrozenEntry`), and a reopen after the snapshot would keep the cutover
    /// from trusting the copy's fingerprints (it would fingerprint the database again, in the
    /// downtime). Join them to the snapshot with `join`.
    static func openLanes(_ n: Int, context: StepContext) async throws -> [(source: Connection, target: Connection)] {
        guard n > 0, let another = context.connectAnother else { return [] }
        var made: [(source: Connection, target: Connection)] = []
        for _ in 0..<n { made.append((try await another(.source), try await another(.target))) }
        return made
    }

    /// Makes each source connection of `opened` import this snapshot (`SET TRANSACTION
    /// SNAPSHOT`), read-only; they are then copy lanes (committed by `finish`, rolled back by
    /// `abandon`).
    func join(
        _ opened: [(source: Connection, target: Connection)]
    ) async throws -> [(
        source: Connection, target: Connection
    )] {
        for lane in opened {
            try await lane.source.execute(
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT " + quoteLiteral(snapshotID))
            lanes.append(lane)
        }
        return opened
    }

    /// After the last table: ends the snapshot, stores the fingerprints the relay hashed in the
    /// new database and, when the legacy database is frozen for the window, records that its
    /// content now equals the copy.
    /// - Parameters:
    ///   - found: one fingerprint per table copied.
    ///   - hashSeconds: the relay's estimated seconds of hashing (the log line `bench` reads).
    func finish(target: Connection, found: [TableFingerprint], bytes: Int64, hashSeconds: Double) async throws {
        _ = try await source.execute("COMMIT")
        for lane in lanes { _ = try await lane.source.execute("COMMIT") }
        let rows = found.map {
            [
                "source_table": $0.table, "row_count": String($0.rows), "content_hash": $0.hash,
                "method": $0.method ?? "",
            ]
        }
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
                    format: "fingerprints of %d tables hashed as their rows passed (%.1f MB of COPY text, "
                        + "%.2f s of hashing, no separate pass)", found.count, Double(bytes) / 1e6, hashSeconds)))
    }

    /// Ends the snapshot after a failure or cancel (nothing is stored).
    func abandon() async {
        _ = try? await source.execute("ROLLBACK")
        for lane in lanes { _ = try? await lane.source.execute("ROLLBACK") }
    }
}
