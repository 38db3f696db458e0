import Foundation

/// Counts the entries of a backup per kind (TABLE, TABLE DATA, INDEX, SEQUENCE, CONSTRAINT, ...).
enum BackupContents {
    /// Kinds of more than one word that `pg_restore --list` prints, longest first.
    static let multiWordKinds = [
        "MATERIALIZED VIEW DATA", "SEQUENCE OWNED BY", "DATABASE PROPERTIES", "MATERIALIZED VIEW", "FK CONSTRAINT",
        "TABLE DATA", "SEQUENCE SET", "DEFAULT ACL", "ROW SECURITY", "TABLE ATTACH", "INDEX ATTACH", "EVENT TRIGGER",
        "LARGE OBJECT", "BLOB DATA", "TEXT SEARCH CONFIGURATION", "TEXT SEARCH DICTIONARY", "PUBLICATION TABLE",
    ]

    /// Entries of a `pg_restore --list` listing: `id; catalog-oid oid KIND schema name owner`.
    static func countList(_ lines: [String]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for line in lines where !line.hasPrefix(";") && line.contains(";") {
            guard let semi = line.firstIndex(of: ";") else { continue }
            let words = line[line.index(after: semi)...].split(separator: " ").dropFirst(2).map(String.init)
            guard let first = words.first else { continue }
            let joined = words.joined(separator: " ")
            let kind = multiWordKinds.first { joined == $0 || joined.hasPrefix($0 + " ") } ?? first
            counts[kind, default: 0] += 1
        }
        return counts
    }

    /// Entries of a plain SQL dump, from pg_dump's `-- Name: x; Type: KIND; Schema: ...` headers.
    static func countPlain(_ path: String) throws -> [String: Int] {
        guard let reader = FileHandle(forReadingAtPath: path) else {
            throw StepFailure(code: "backup-file", message: "cannot read \(path)")
        }
        defer { try? reader.close() }
        var counts: [String: Int] = [:]
        var carry = Data()
        func scan(_ line: Substring) {
            guard line.hasPrefix("-- "), let t = line.range(of: "; Type: ") else { return }
            let rest = line[t.upperBound...]
            let kind = rest.split(separator: ";", maxSplits: 1).first.map(String.init) ?? String(rest)
            counts[kind, default: 0] += 1
        }
        while true {
            let chunk = reader.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            carry.append(chunk)
            guard let lastNewline = carry.lastIndex(of: 10) else { continue }
            let text = String(decoding: carry[..<lastNewline], as: UTF8.self)
            text.split(separator: "\n").forEach(scan)
            carry = Data(carry[(lastNewline + 1)...])
        }
        String(decoding: carry, as: UTF8.self).split(separator: "\n").forEach(scan)
        return counts
    }

    /// A result table, most frequent kind first.
    static func table(_ counts: [String: Int], title: String) -> ResultTable {
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        return ResultTable(
            title: title, columns: ["kind", "entries"], rows: sorted.map { [$0.key, String($0.value)] })
    }
}
