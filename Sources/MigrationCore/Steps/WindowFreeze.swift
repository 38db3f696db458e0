import Foundation
import Postgres

/// What the `window.freeze` artifact records: the legacy database frozen for the window and the
/// last time its content was known to equal phase 3's copy. The cutover trusts that knowledge
/// only while nothing could have written since: the database still refuses connections, no
/// other session is on it, and this tool has not reopened it after `verifiedAt`.
public struct FreezeRecord: Codable, Sendable, Equatable {
    public static let artifact = "window.freeze"
    /// The legacy database's name.
    public var database: String
    public var frozenAt: Date
    /// When the frozen content was last shown to equal the copy's fingerprints (compare without
    /// changes, or a transfer that read the frozen database); nil while it differs.
    public var verifiedAt: Date?
    /// The last time this tool let itself in again (after a restart, for the final sync's copy).
    public var reopenedAt: Date?
    /// The tables that differed at the last compare.
    public var changes: [TableChange]

    public init(database: String, frozenAt: Date, verifiedAt: Date?, reopenedAt: Date? = nil, changes: [TableChange]) {
        self.database = database
        self.frozenAt = frozenAt
        self.verifiedAt = verifiedAt
        self.reopenedAt = reopenedAt
        self.changes = changes
    }

    /// True when the verified equality still holds (no reopen since).
    public var verifiedStillValid: Bool {
        guard let verifiedAt else { return false }
        return reopenedAt.map { $0 < verifiedAt } ?? true
    }

    static func load(_ loader: (String) -> Data?) -> FreezeRecord? {
        loader(artifact).flatMap { try? artifactDecoder.decode(FreezeRecord.self, from: $0) }
    }
    static func load(_ context: StepContext) -> FreezeRecord? { load(context.loadArtifact) }
    func save(_ context: StepContext) throws {
        try context.saveArtifact(Self.artifact, try artifactEncoder.encode(self))
    }
}

/// Freezing the legacy database and comparing it with what phase 3 copied.
enum WindowFreeze {
    /// Blocks new connections to `db` (superusers too), ends every session on it but this tool's
    /// `keep` connections, and refuses on prepared transactions. Idempotent.
    /// - Returns: the sessions that were ended.
    static func freeze(_ db: String, keep: [Connection], gate: DatabaseGate) async throws -> ResultTable {
        if try await gate.isBlocked(db) != true { try await gate.setAllowConnections(db, false) }
        let ended = try await gate.endOtherSessions([db], keep: try await DatabaseGate.pids(of: keep))
        try await gate.requireNoPreparedTransactions([db])
        return ended
    }

    /// The copy's fingerprints stored in the new database by the transfer (empty before phase 3).
    static func copyFingerprints(_ context: StepContext) async throws -> [TableFingerprint] {
        let target = try await context.connect(.target)
        guard
            try await target.query("SELECT to_regclass('migration_audit.source_fingerprints') IS NOT NULL AS present")
                .rows.first?.bool("present") == true
        else { return [] }
        return try await target.query(try context.assetText("sql/cutover/56_copy_fingerprints.sql")).rows.map {
            TableFingerprint(
                table: $0["source_table"] ?? "", rows: $0["row_count"].flatMap { Int64($0) } ?? 0,
                hash: $0["content_hash"] ?? "", method: $0["method"])
        }
    }

    /// Fingerprints `tables` of the legacy database on `conns` (side by side), in one snapshot,
    /// with the transfer's own method: the COPY text of the manifest's columns, hashed here
    /// (`CopyFingerprint`), in the encoding the transfer reads. A table the manifest no longer
    /// lists gets no fingerprint (it counts as changed).
    static func legacyFingerprints(
        _ tables: [String], conns: [Connection], context: StepContext, stepID: String
    ) async throws -> [TableFingerprint] {
        let progress = FingerprintProgress(tables: tables.count, stepID: stepID, emit: context.emit)
        let manifest = try LegacyManifest.load(assets: context.assets)
        return try await CopyFingerprint.measure(
            tables.compactMap { manifest.table($0) }, on: conns, encoding: context.config.transferSourceEncoding,
            sessionSQL: try context.assetText("sql/core/copy_text_session.sql"), done: { progress.add($0) }
        ).found
    }
}

/// This tool's way into a legacy database that the window froze (a restart, or the final
/// sync's copy): allow connections, connect, refuse them again, end any session that slipped in
/// meanwhile. The reopening is recorded first, so nothing verified before it is trusted after.
final class FrozenEntry: @unchecked Sendable {
    private let lock = NSLock()
    private var pids: [Int] = []
    let base: StepContext
    let stepID: String

    init(base: StepContext, stepID: String) {
        self.base = base
        self.stepID = stepID
    }

    /// Opens a connection for `role` with `open`; a legacy database frozen by this migration
    /// (artifact `window.freeze`) is reopened for it, briefly.
    func connect(_ role: DatabaseRole, _ open: @Sendable () async throws -> Connection) async throws -> Connection {
        do {
            return try await open()
        } catch let e as PostgresError where role == .source && Self.refusesConnections(e) {
            guard var record = FreezeRecord.load(base) else { throw e }
            let gate = DatabaseGate(admin: try await base.connect(.admin), context: base, stepID: stepID)
            record.reopenedAt = Date()
            try record.save(base)
            base.emit(
                .log(
                    step: stepID, level: .notice,
                    message: "\(record.database) is frozen for the window: "
                        + "reopened for this tool's connection only, then frozen again"))
            try await gate.setAllowConnections(record.database, true)
            let conn: Connection
            do { conn = try await open() } catch {
                try? await gate.setAllowConnections(record.database, false)
                throw error
            }
            try await gate.setAllowConnections(record.database, false)
            try await remember(conn)
            try await gate.endOtherSessions([record.database], keep: lock.withLock { pids })
            return conn
        }
    }

    private func remember(_ conn: Connection) async throws {
        let mine = try await DatabaseGate.pids(of: [conn])
        lock.withLock { pids += mine }
    }

    /// `database "x" is not currently accepting connections` (datallowconn = false).
    static func refusesConnections(_ e: PostgresError) -> Bool {
        e.sqlState == "55000" || e.message.contains("not currently accepting connections")
    }
}
