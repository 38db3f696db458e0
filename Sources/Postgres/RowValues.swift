import Foundation

/// Typed accessors over a row's text values (nil for SQL NULL or text that does not parse).
extension Row {
    /// An `int`/`smallint` column.
    public func int(_ name: String) -> Int? { self[name].flatMap { Int($0) } }
    /// A `bigint` (or count) column.
    public func int64(_ name: String) -> Int64? { self[name].flatMap { Int64($0) } }
    /// A `numeric`/`float` column.
    public func double(_ name: String) -> Double? { self[name].flatMap { Double($0) } }
    /// A `boolean` column (`t`/`f` in text format).
    public func bool(_ name: String) -> Bool? {
        switch self[name] {
        case "t", "true": return true
        case "f", "false": return false
        default: return nil
        }
    }
    /// A `date`, `timestamp` or `timestamptz` column as a `Date` (UTC when no zone is given;
    /// the connection uses the server's TimeZone for timestamptz text).
    public func date(_ name: String) -> Date? { self[name].flatMap(PostgresDate.parse) }
}

/// Parses PostgreSQL's ISO text output for dates and timestamps.
enum PostgresDate {
    static func parse(_ text: String) -> Date? {
        var s = Substring(text)
        var offset = 0
        // A trailing zone like +04, -03:30 or +05:45 (timestamptz).
        if let sign = s.lastIndex(where: { $0 == "+" || $0 == "-" }), s.distance(from: s.startIndex, to: sign) >= 19 {
            let zone = s[s.index(after: sign)...].split(separator: ":").compactMap { Int($0) }
            let secs = (zone.first ?? 0) * 3600 + (zone.count > 1 ? zone[1] * 60 : 0)
            offset = s[sign] == "-" ? -secs : secs
            s = s[..<sign]
        }
        let parts = s.split(whereSeparator: { $0 == " " || $0 == "T" })
        let ymd = parts.first?.split(separator: "-").compactMap { Int($0) } ?? []
        guard ymd.count == 3 else { return nil }
        var c = DateComponents(
            calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(secondsFromGMT: 0),
            year: ymd[0], month: ymd[1], day: ymd[2])
        if parts.count > 1 {
            let hms = parts[1].split(separator: ":")
            guard hms.count == 3, let h = Int(hms[0]), let m = Int(hms[1]), let sec = Double(hms[2]) else { return nil }
            c.hour = h
            c.minute = m
            c.second = Int(sec)
            c.nanosecond = Int(((sec - sec.rounded(.down)) * 1_000_000).rounded()) * 1000
        }
        return c.date.map { $0.addingTimeInterval(TimeInterval(-offset)) }
    }
}
