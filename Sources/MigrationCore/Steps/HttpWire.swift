import Foundation

/// Parsing of a raw HTTP/1.1 response (status line, headers, body; chunked decoding).
enum HttpWire {
    /// Parses everything read from a `Connection: close` exchange.
    /// - Throws: `HttpError` when there is no status line.
    static func parse(_ raw: [UInt8]) throws -> HttpResponse {
        guard let headEnd = headEnd(raw) else {
            throw HttpError(message: raw.isEmpty ? "empty reply from server" : "malformed HTTP reply")
        }
        let head = String(decoding: raw[0..<headEnd], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/"), let status = Int(statusParts[1]) else {
            throw HttpError(message: "malformed status line: \(lines[0].prefix(80))")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(raw[(headEnd + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = dechunk(body)
        } else if let length = headers["content-length"].flatMap(Int.init), length < body.count {
            body = Array(body[0..<length])
        }
        return HttpResponse(status: status, body: Data(body), milliseconds: 0)
    }

    /// Index of the CR LF CR LF that ends the head.
    static func headEnd(_ raw: [UInt8]) -> Int? {
        guard raw.count >= 4 else { return nil }
        for i in 0...(raw.count - 4) where raw[i] == 13 && raw[i + 1] == 10 && raw[i + 2] == 13 && raw[i + 3] == 10 {
            return i
        }
        return nil
    }

    /// Decodes `Transfer-Encoding: chunked` (stops at the last chunk or at truncated input).
    static func dechunk(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        var i = 0
        while i < data.count {
            guard let lineEnd = (i..<max(i, data.count - 1)).first(where: { data[$0] == 13 && data[$0 + 1] == 10 })
            else { break }
            let sizeText = String(decoding: data[i..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0 else { break }
            let start = lineEnd + 2
            let end = min(start + size, data.count)
            out.append(contentsOf: data[start..<end])
            i = end + 2
        }
        return out
    }
}
