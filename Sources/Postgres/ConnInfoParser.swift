import CLibPQ
import Foundation

/// libpq's own conninfo/URI parser (`PQconninfoParse`), as key/value pairs in libpq's order.
enum ConnInfoParser {
    /// The parameters set in `conninfo`, or an error naming what libpq disliked.
    static func parse(_ conninfo: String) throws -> [(key: String, value: String)] {
        var err: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(conninfo, &err) else {
            let msg = err.map { String(cString: $0) } ?? "out of memory"
            if let err { PQfreemem(err) }
            throw PostgresError(
                kind: .connection,
                message: "invalid connection string: \(msg.trimmingCharacters(in: .whitespacesAndNewlines))",
                hint: "use `key=value ...` or a postgresql:// URI (without a password)")
        }
        defer { PQconninfoFree(options) }
        var pairs: [(key: String, value: String)] = []
        var i = 0
        while let keyword = options[i].keyword {
            if let val = options[i].val { pairs.append((String(cString: keyword), String(cString: val))) }
            i += 1
        }
        return pairs
    }

    /// Renders pairs as a conninfo string, quoting values as libpq expects.
    static func render(_ pairs: [(key: String, value: String)]) -> String {
        pairs.map { "\($0.key)=\(quote($0.value))" }.joined(separator: " ")
    }

    /// Quotes a conninfo value when needed (spaces, quotes, backslashes, empty).
    static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0 == "=" }
        if plain { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        return "'\(escaped)'"
    }
}

extension ConnInfo {
    static func replacing(_ conninfo: String, database: String) throws -> String {
        var pairs = try ConnInfoParser.parse(conninfo).filter { $0.key != "password" }
        if let i = pairs.firstIndex(where: { $0.key == "dbname" }) {
            pairs[i].value = database
        } else {
            pairs.append((key: "dbname", value: database))
        }
        return ConnInfoParser.render(pairs)
    }

    static func lookup(_ key: String, in conninfo: String) -> String? {
        (try? ConnInfoParser.parse(conninfo))?.first { $0.key == key }?.value
    }

    static func redact(_ conninfo: String) -> String {
        guard let pairs = try? ConnInfoParser.parse(conninfo) else { return "<unparseable conninfo>" }
        return ConnInfoParser.render(pairs.filter { $0.key != "password" })
    }
}
