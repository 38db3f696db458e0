import Foundation
import Postgres

/// One table's content fingerprint: its row count and an order-independent hash of every row,
/// so an UPDATE of any column, a DELETE + INSERT or a TRUNCATE + reload with the same count is
/// seen, not only a changed count. Two methods, never compared with each other: the legacy
/// tables' (`CopyDigest.method`, the COPY text of the manifest's columns hashed in this process)
/// and the new database's (`serverMethod`, `Assets/sql/core/table_fingerprint.sql`).
public struct TableFingerprint: Codable, Sendable, Equatable {
    /// The method of `Assets/sql/core/table_fingerprint.sql` (whole rows, hashed by the server).
    public static let serverMethod = "sql-row-hashtextextended"
    /// The methods this version computes; a fingerprint of any other (or of none: an older run's)
    /// is never taken as equal.
    public static let knownMethods: Set<String> = [CopyDigest.method, serverMethod]

    public var table: String
    public var rows: Int64
    public var hash: String
    /// How `hash` was computed (nil: recorded by an older version that did not say).
    public var method: String?

    public init(table: String, rows: Int64, hash: String, method: String?) {
        self.table = table
        self.rows = rows
        self.hash = hash
        self.method = method
    }

    /// True when `other` describes the same content: same method (one this version knows),
    /// same rows, same hash.
    public func sameContent(as other: TableFingerprint) -> Bool {
        guard let method, Self.knownMethods.contains(method), other.method == method else { return false }
        return rows == other.rows && hash == other.hash
    }
}

/// A table whose content differs between two fingerprints (or that one side lacks).
public struct TableChange: Codable, Sendable, Equatable {
    public var table: String
    /// Rows in the earlier fingerprint (nil: the table was not there).
    public var rowsBefore: Int64?
    /// Rows now (nil: the table is gone).
    public var rowsAfter: Int64?
    /// Why it counts as changed when the content may not be (fingerprints of different methods).
    public var note: String?

    public init(table: String, rowsBefore: Int64?, rowsAfter: Int64?, note: String? = nil) {
        self.table = table
        self.rowsBefore = rowsBefore
        self.rowsAfter = rowsAfter
        self.note = note
    }

    /// In words: rows added or removed, or the same count with changed content.
    public var summary: String {
        if let note { return note }
        switch (rowsBefore, rowsAfter) {
        case let (b?, a?) where a == b: return "\(b) rows, content changed"
        case let (b?, a?): return "\(b) → \(a) rows"
        case let (nil, a?): return "new table, \(a) rows"
        case let (b?, nil): return "missing now (had \(b) rows)"
        default: return "changed"
        }
    }
}

/// Taking and comparing fingerprints.
package enum Fingerprints {
    /// Fingerprints `tables` (schema public) on one connection, in its current transaction, on the
    /// server (`Assets/sql/core/table_fingerprint.sql`: the new database at the cutover and at a
    /// rollback); `done` is called after each table (the live panel's progress).
    static func measure(
        _ tables: [String], on conn: Connection, sql: String, done: @Sendable (TableFingerprint) -> Void = { _ in }
    ) async throws -> [TableFingerprint] {
        var out: [TableFingerprint] = []
        for table in tables {
            let row = try await conn.query(sql, [table]).rows.first
            let found = TableFingerprint(
                table: table, rows: row?["row_count"].flatMap { Int64($0) } ?? 0, hash: row?["content_hash"] ?? "",
                method: TableFingerprint.serverMethod)
            out.append(found)
            done(found)
        }
        return out
    }

    /// Tables whose fingerprint differs, in the order of `before` (then tables only `after` has).
    /// Fingerprints of different methods, or of a method this version does not know (an older
    /// run's), count as changed: that forces a sync, never a silent pass.
    package static func changes(before: [TableFingerprint], after: [TableFingerprint]) -> [TableChange] {
        let now = Dictionary(after.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [TableChange] = before.compactMap { b in
            guard let a = now[b.table] else { return TableChange(table: b.table, rowsBefore: b.rows, rowsAfter: nil) }
            if a.sameContent(as: b) { return nil }
            let note =
                a.method == b.method && b.method.map(TableFingerprint.knownMethods.contains) == true
                ? nil
                : "\(b.rows) → \(a.rows) rows, recorded by another fingerprint method (\(b.method ?? "unnamed, an older version")): taken as changed"
            return TableChange(table: b.table, rowsBefore: b.rows, rowsAfter: a.rows, note: note)
        }
        let known = Set(before.map(\.table))
        out += after.filter { !known.contains($0.table) }.map {
            TableChange(table: $0.table, rowsBefore: nil, rowsAfter: $0.rows)
        }
        return out
    }

    /// The comparison as a result table: one row per table, changed ones failing.
    static func table(
        title: String, role: ResultRole, before: [TableFingerprint], after: [TableFingerprint]
    ) -> ResultTable {
        let changed = Dictionary(
            changes(before: before, after: after).map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        let now = Dictionary(after.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String]] = []
        var status: [CheckStatus] = []
        for b in before {
            let c = changed[b.table]
            rows.append([
                b.table, String(b.rows), now[b.table].map { String($0.rows) } ?? "missing", c?.summary ?? "unchanged",
            ])
            status.append(c == nil ? .pass : .fail)
        }
        for a in after where !before.contains(where: { $0.table == a.table }) {
            rows.append([a.table, "-", String(a.rows), "new table"])
            status.append(.fail)
        }
        return ResultTable(
            title: title, columns: ["table", "rows before", "rows now", "change"], rows: rows,
            status: status, role: role)
    }
}

/// Hands out items to workers running side by side.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String]

    init(_ items: [String]) { self.items = items }

    func next() -> String? { lock.withLock { items.isEmpty ? nil : items.removeFirst() } }
}

/// Progress of a fingerprint pass as `.progress` events: tables done of all (one item, in tables).
final class FingerprintProgress: @unchecked Sendable {
    private let lock = NSLock()
    private var done: Int64 = 0
    let total: Int64
    let stepID: String
    let emit: @Sendable (MigrationEvent) -> Void

    init(tables: Int, stepID: String, emit: @escaping @Sendable (MigrationEvent) -> Void) {
        self.total = Int64(tables)
        self.stepID = stepID
        self.emit = emit
        emit(.progress(step: stepID, item: "fingerprints", done: 0, total: total, unit: "tables"))
    }

    /// One more table fingerprinted.
    func add(_: TableFingerprint) {
        let n = lock.withLock {
            done += 1
            return done
        }
        emit(.progress(step: stepID, item: "fingerprints", done: n, total: total, unit: "tables"))
    }
}
