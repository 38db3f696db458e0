import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Who holds a work directory.
public struct LockHolder: Codable, Sendable, Equatable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    public var user: String
    public var started: Date
    public var description: String {
        "pid \(pid) on \(host) as \(user), started \(ISO8601DateFormatter().string(from: started))"
    }
}

/// A second instance on the same work directory.
public struct WorkDirectoryLocked: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var holder: LockHolder?
    public var description: String {
        "work directory \(path) is in use by another edu-migrate (\(holder?.description ?? "holder unknown")); "
            + "wait for it to finish or stop it, then run again"
    }
}

/// `<work_dir>/edu-migrate.lock`: an exclusive `flock` plus the holder's identity in the file.
public final class WorkLock: @unchecked Sendable {
    public let path: String
    private var fd: Int32

    /// Takes the lock or throws `WorkDirectoryLocked` naming the holder.
    public init(workDir: URL) throws {
        try FileManager.default.createDirectory(at: workDir, withIntermediateDirectories: true)
        path = workDir.appendingPathComponent("edu-migrate.lock").path
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StepFailure(code: "lock", message: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            let holder = try? Self.decoder.decode(LockHolder.self, from: data)
            close(fd)
            fd = -1
            throw WorkDirectoryLocked(path: workDir.path, holder: holder)
        }
        let me = LockHolder(
            pid: getpid(), host: ProcessInfo.processInfo.hostName,
            user: ProcessInfo.processInfo.environment["USER"] ?? String(getuid()), started: Date())
        let data = (try? Self.encoder.encode(me)) ?? Data()
        _ = ftruncate(fd, 0)
        data.withUnsafeBytes { _ = pwrite(fd, $0.baseAddress, $0.count, 0) }
        _ = fsync(fd)
    }

    /// Releases the lock (also on deinit).
    public func release() {
        guard fd >= 0 else { return }
        _ = ftruncate(fd, 0)
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { release() }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .iso8601
        return e
    }()
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }()
}
