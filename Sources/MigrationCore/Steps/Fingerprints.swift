import Foundation
import Postgres

/// One table's content fingerprint (`Assets/sql/core/table_fingerprint.sql`): its row count and
/// an order-independent hash of every row, so an UPDATE of any column, a DELETE + INSERT or a
/// TRUNCATE + reload with the same count is seen, not only a changed count.
public struct TableFingerprint: Codable, Sendable, Equatable {
    public var table: String
    public var rows: Int64
    public var hash: String

    public init(table: String, rows: Int64, hash: String) {
        self.table = table
        self.rows = rows
        self.hash = hash
    }
}

/// A table whose content differs between two fingerprints (or that one side lacks).
public struct TableChange: Codable, Sendable, Equatable {
    public var table: String
    /// Rows in the earlier fingerprint (nil: the table was not there).
    public var rowsBefore: Int64?
    /// Rows now (nil: the table is gone).
    public var rowsAfter: Int64?

    public init(table: String, rowsBefore: Int64?, rowsAfter: Int64?) {
        self.table = table
        self.rowsBefore = rowsBefore
        self.rowsAfter = rowsAfter
    }

    /// In words: rows added or removed, or the same count with changed content.
    public var summary: String {
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
enum Fingerprints {
    /// Fingerprints `tables` (schema public) on one connection, in its current transaction;
    /// `done` is called after each table (the live panel's progress).
    static func measure(
        _ tables: [String], on conn: Connection, sql: String, done: @Sendable (TableFingerprint) -> Void = { _ in }
    ) async throws -> [TableFingerprint] {
        var out: [TableFingerprint] = []
        for table in tables {
            let row = try await conn.query(sql, [table]).rows.first
            let found = TableFingerprint(
                table: table, rows: row?["row_count"].flatMap { Int64($0) } ?? 0, hash: row?["content_hash"] ?? "")
            out.append(found)
            done(found)
        }
        return out
    }

    /// Fingerprints `tables` split over `conns` side by side (each connection takes the next table
    /// when it is free), returned in the order of `tables`.
    static func measure(
        _ tables: [String], on conns: [Connection], sql: String,
        done: @escaping @Sendable (TableFingerprint) -> Void = { _ in }
    ) async throws -> [TableFingerprint] {
        guard conns.count > 1 else { return try await measure(tables, on: conns[0], sql: sql, done: done) }
        let queue = WorkQueue(tables)
        let found = try await withThrowingTaskGroup(of: [TableFingerprint].self) { group in
            for conn in conns {
                group.addTask {
                    var mine: [TableFingerprint] = []
                    while let t = queue.next() { mine += try await measure([t], on: conn, sql: sql, done: done) }
                    return mine
                }
            }
            var all: [TableFingerprint] = []
            for try await part in group { all += part }
            return all
        }
        let byName = Dictionary(found.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        return tables.compactMap { byName[$0] }
    }

    /// Tables whose fingerprint differs, in the order of `before` (then tables only `after` has).
    static func changes(before: [TableFingerprint], after: [TableFingerprint]) -> [TableChange] {
        let now = Dictionary(after.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [TableChange] = before.compactMap { b in
            guard let a = now[b.table] else { return TableChange(table: b.table, rowsBefore: b.rows, rowsAfter: nil) }
            return a == b ? nil : TableChange(table: b.table, rowsBefore: b.rows, rowsAfter: a.rows)
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
