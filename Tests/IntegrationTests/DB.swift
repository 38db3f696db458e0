import Foundation
import Postgres

/// Small query helpers: every call opens its own connection (tests run in parallel).
enum DB {
    /// All rows of one statement on `conninfo`.
    static func rows(_ conninfo: String, _ sql: String, _ params: [String?] = []) async throws -> [Row] {
        let c = try await Connection.connect(conninfo, applicationName: "integration tests")
        defer { c.close() }
        return try await c.query(sql, params).rows
    }

    /// The first column of the first row.
    static func scalar(_ conninfo: String, _ sql: String, _ params: [String?] = []) async throws -> String? {
        try await rows(conninfo, sql, params).first?[0]
    }

    /// Rows keyed by their integer `id` column.
    static func byID(_ conninfo: String, _ sql: String, _ params: [String?] = []) async throws -> [Int: Row] {
        var out: [Int: Row] = [:]
        for r in try await rows(conninfo, sql, params) { if let id = r["id"].flatMap({ Int($0) }) { out[id] = r } }
        return out
    }

    /// Integer ids returned by a one-column query.
    static func ids(_ conninfo: String, _ sql: String) async throws -> Set<Int> {
        Set(try await rows(conninfo, sql).compactMap { $0[0].flatMap { Int($0) } })
    }
}

extension Row {
    /// An integer column (nil when NULL or not an integer).
    func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }
}

extension String {
    /// Trimmed of blanks the way SQL `btrim` does (spaces only).
    var btrim: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
