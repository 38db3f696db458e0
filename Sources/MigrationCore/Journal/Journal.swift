import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `<work_dir>/journal.jsonl`: append-only JSON lines of durable `EventRecord`s; records that
/// change state are fsynced before the next step starts.
public final class Journal: @unchecked Sendable {
    public let url: URL
    private let lock = NSLock()
    private var fd: Int32

    /// Opens (creating) the journal of a work directory for appending.
    public init(workDir: URL) throws {
        url = workDir.appendingPathComponent("journal.jsonl")
        fd = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StepFailure(code: "journal", message: "cannot open \(url.path): \(String(cString: strerror(errno)))")
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends a record (durable events only); fsyncs when it changes state.
    public func append(_ record: EventRecord) {
        guard record.event.isDurable, var data = try? Self.encoder.encode(record) else { return }
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        data.withUnsafeBytes { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 {
                    if errno == EINTR { continue }
                    break
                }
                off += n
            }
        }
        if Self.changesState(record.event) { _ = fsync(fd) }
    }

    /// Events after which a crash must not lose the line.
    static func changesState(_ e: MigrationEvent) -> Bool {
        switch e {
        case .log, .checkResult, .result, .progress, .statement: return false
        default: return true
        }
    }

    /// Reads every complete record; a torn last line (crash mid-write) is ignored.
    public static func read(workDir: URL) -> [EventRecord] {
        let url = workDir.appendingPathComponent("journal.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else { return [] }
        var out: [EventRecord] = []
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let r = try? decoder.decode(EventRecord.self, from: Data(line)) { out.append(r) }
        }
        return out
    }

    /// Line numbers (1-based) of the journal that are not records, a torn last line (a crash
    /// mid-write) aside; nil when the journal cannot be read at all (a directory, no permission).
    public static func damagedLines(workDir: URL) -> [Int]? {
        let url = workDir.appendingPathComponent("journal.jsonl")
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        var bad: [Int] = []
        for (i, line) in lines.enumerated() where !line.isEmpty {
            let torn = i == lines.count - 1  // no newline after it: the write never finished
            if !torn, (try? decoder.decode(EventRecord.self, from: Data(line))) == nil { bad.append(i + 1) }
        }
        return bad
    }

    static let encoder = EventCoding.encoder()
    static let decoder = EventCoding.decoder()
}
