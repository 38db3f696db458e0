import Foundation

/// JSON encoding of events for the journal and `--json`: sorted keys, ISO 8601 with milliseconds.
public enum EventCoding {
    /// An encoder writing one compact JSON object per record.
    public static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .custom { date, enc in
            var c = enc.singleValueContainer()
            try c.encode(EventText.timestamp(date))
        }
        return e
    }

    /// A decoder accepting timestamps with or without fractional seconds.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { dec in
            let s = try dec.singleValueContainer().decode(String.self)
            let f = ISO8601DateFormatter()
            f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = f.date(from: s) { return date }
            f.formatOptions = [.withInternetDateTime]
            if let date = f.date(from: s) { return date }
            throw DecodingError.dataCorruptedError(
                in: try dec.singleValueContainer(), debugDescription: "not an ISO 8601 date: \(s)")
        }
        return d
    }
}
