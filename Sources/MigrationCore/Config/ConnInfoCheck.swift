import Foundation

/// A small, libpq-free reading of a conninfo string or URI, for validating the configuration:
/// it finds the keys, the database name and any password (which the config must not hold).
enum ConnInfoCheck {
    struct Parsed: Equatable {
        var pairs: [String: String] = [:]
        var hasPassword = false
        var isURI = false
    }

    enum Failure: Error, Equatable { case malformed(String) }

    static func parse(_ text: String) throws -> Parsed {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("postgresql://") || t.hasPrefix("postgres://") { return try parseURI(t) }
        return try parseKeywords(t)
    }

    private static func parseURI(_ t: String) throws -> Parsed {
        var p = Parsed()
        p.isURI = true
        guard let comps = URLComponents(string: t) else { throw Failure.malformed("not a valid postgresql:// URI") }
        if comps.password != nil { p.hasPassword = true }
        if let u = comps.user { p.pairs["user"] = u }
        if let h = comps.host, !h.isEmpty { p.pairs["host"] = h }
        if let port = comps.port { p.pairs["port"] = String(port) }
        let db = comps.path.hasPrefix("/") ? String(comps.path.dropFirst()) : comps.path
        if !db.isEmpty { p.pairs["dbname"] = db.removingPercentEncoding ?? db }
        for item in comps.queryItems ?? [] {
            if item.name == "password" { p.hasPassword = true }
            p.pairs[item.name] = item.value ?? ""
        }
        return p
    }

    private static func parseKeywords(_ t: String) throws -> Parsed {
        var p = Parsed()
        var chars = Array(t)[...]
        func skipSpaces() { while let c = chars.first, c == " " || c == "\t" || c == "\n" { chars.removeFirst() } }
        skipSpaces()
        while !chars.isEmpty {
            var key = ""
            while let c = chars.first, c != "=", c != " ", c != "\t" {
                key.append(c)
                chars.removeFirst()
            }
            skipSpaces()
            guard chars.first == "=" else { throw Failure.malformed("expected key=value after '\(key)'") }
            chars.removeFirst()
            skipSpaces()
            var value = ""
            if chars.first == "'" {
                chars.removeFirst()
                var closed = false
                while let c = chars.popFirst() {
                    if c == "\\", let n = chars.popFirst() {
                        value.append(n)
                        continue
                    }
                    if c == "'" {
                        closed = true
                        break
                    }
                    value.append(c)
                }
                if !closed { throw Failure.malformed("unterminated quote in the value of '\(key)'") }
            } else {
                while let c = chars.first, c != " ", c != "\t" {
                    chars.removeFirst()
                    if c == "\\", let n = chars.popFirst() { value.append(n) } else { value.append(c) }
                }
            }
            if key.isEmpty { throw Failure.malformed("empty key") }
            if key == "password" { p.hasPassword = true }
            p.pairs[key] = value
            skipSpaces()
        }
        if p.pairs.isEmpty { throw Failure.malformed("empty connection string") }
        return p
    }
}
