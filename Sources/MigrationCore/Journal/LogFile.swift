import Foundation
import Postgres

/// `<work_dir>/logs/migration_YYYYMMDD_HHMMSS.log`: one human line per event, ISO timestamp on
/// every line, secrets redacted.
public final class LogFile: @unchecked Sendable {
    public let url: URL
    private let handle: FileHandle
    private let lock = NSLock()

    /// Creates a new log file named after the start time.
    public init(workDir: URL, now: Date = Date()) throws {
        let dir = workDir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let f = DateFormatter()
        f.dateFormat = "yyyyMMdd_HHmmss"
        f.timeZone = TimeZone(identifier: "UTC")
        f.locale = Locale(identifier: "en_US_POSIX")
        url = dir.appendingPathComponent("migration_\(f.string(from: now)).log")
        if !FileManager.default.fileExists(atPath: url.path) {  // two runs in one second share (append to) one file
            _ = FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        handle = try FileHandle(forWritingTo: url)
        handle.seekToEndOfFile()
    }

    deinit { try? handle.close() }

    /// Writes the human form of a record (progress is not logged line by line).
    public func write(_ record: EventRecord) {
        guard let text = EventText.line(record.event) else { return }
        let stamp = EventText.timestamp(record.at)
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out += "\(stamp) \(Redact.secrets(String(line)))\n"
        }
        lock.lock()
        handle.write(Data(out.utf8))
        lock.unlock()
    }
}

/// Removes passwords from text bound for logs.
public enum Redact {
    /// `password=...` pairs and URI userinfo passwords replaced by `***`.
    public static func secrets(_ s: String) -> String {
        var out = s.replacingOccurrences(
            of: "(?i)(password\\s*=\\s*)('[^']*'|\\S+)", with: "$1***", options: .regularExpression)
        out = out.replacingOccurrences(
            of: "(postgres(?:ql)?://[^:/@\\s]+):[^@\\s]+@", with: "$1:***@", options: .regularExpression)
        out = out.replacingOccurrences(of: "(?i)(PGPASSWORD\\s*=\\s*)\\S+", with: "$1***", options: .regularExpression)
        return out
    }
}
