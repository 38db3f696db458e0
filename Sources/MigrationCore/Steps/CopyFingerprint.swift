import Foundation
import Postgres

/// The legacy tables' fingerprints as the migration reads them: each row of
/// `COPY (SELECT <the manifest's columns> FROM public.<table>) TO STDOUT`, hashed in this process
/// (`CopyDigest`, method `copy-text-fnv64`). The transfer computes it in the relay for free as it
/// copies; the window computes it again on the frozen legacy database with the same statement and
/// session settings (`Assets/sql/core/copy_text_session.sql`), storing nothing. So a fingerprint
/// covers exactly the columns that reach the new database.
package enum CopyFingerprint {
    /// The COPY OUT statement of `table` (the transfer and the compare use this one text).
    static func statement(_ table: LegacyManifest.Table) -> String {
        let cols = table.columns.map(quoteIdent).joined(separator: ", ")
        return "COPY (SELECT \(cols) FROM public.\(quoteIdent(table.name))) TO STDOUT"
    }

    /// Sets every setting that shapes COPY text on `conn` (`encoding`: transfer.source_encoding).
    static func settle(_ conn: Connection, encoding: String?, sql: String) async throws {
        _ = try await conn.query(sql, [encoding ?? "UTF8"])
    }

    /// The fingerprint a COPY of `table` produced.
    static func fingerprint(_ table: String, _ done: CopyProgress) -> TableFingerprint {
        TableFingerprint(table: table, rows: done.digest.rows, hash: done.digest.sum, method: CopyDigest.method)
    }

    /// Fingerprints `tables` on `conns` side by side (each connection takes the next table when it
    /// is free), all in one snapshot exported by the first connection; nothing is written anywhere.
    /// - Parameters:
    ///   - encoding: `transfer.source_encoding` (nil: UTF8), as the transfer read the tables.
    ///   - sessionSQL: `Assets/sql/core/copy_text_session.sql`.
    ///   - done: called after each table.
    /// - Returns: the fingerprints in the order of `tables`, and the estimated seconds of hashing.
    package static func measure(
        _ tables: [LegacyManifest.Table], on conns: [Connection], encoding: String?, sessionSQL: String,
        done: @escaping @Sendable (TableFingerprint) -> Void = { _ in }
    ) async throws -> (found: [TableFingerprint], hashSeconds: Double) {
        // A snapshot shared by every connection: the tables are compared as of one moment.
        try await conns[0].execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        do {
            let snapshot = try await conns[0].query("SELECT pg_export_snapshot() AS s").rows.first?["s"] ?? ""
            for c in conns.dropFirst() {
                try await c.execute(
                    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT "
                        + quoteLiteral(snapshot))
            }
            for c in conns { try await settle(c, encoding: encoding, sql: sessionSQL) }
            let queue = WorkQueue(tables.map(\.name))
            let byName = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let parts = try await withThrowingTaskGroup(of: [(TableFingerprint, Double)].self) { group in
                for conn in conns {
                    group.addTask {
                        var mine: [(TableFingerprint, Double)] = []
                        while let name = queue.next(), let table = byName[name] {
                            let copied = try await conn.copyOutDigest(statement(table))
                            let found = fingerprint(name, copied)
                            done(found)
                            mine.append((found, copied.hashSeconds))
                        }
                        return mine
                    }
                }
                var all: [(TableFingerprint, Double)] = []
                do {
                    for try await part in group { all += part }
                } catch {
                    for c in conns { c.cancel() }
                    throw error
                }
                return all
            }
            for c in conns { _ = try await c.execute("COMMIT") }
            let found = Dictionary(parts.map { ($0.0.table, $0.0) }, uniquingKeysWith: { a, _ in a })
            return (tables.compactMap { found[$0.name] }, parts.reduce(0) { $0 + $1.1 })
        } catch {
            for c in conns { _ = try? await c.execute("ROLLBACK") }
            throw error
        }
    }
}
