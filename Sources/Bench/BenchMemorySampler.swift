#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// This process's memory: peak RSS from getrusage, current RSS from /proc/self/statm, and a
/// sampler thread (ours, not the cooperative pool) that keeps the highest RSS seen.
public final class BenchMemorySampler: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var peak: Int64 = 0
    private let done = DispatchSemaphore(value: 0)

    /// Starts sampling every `interval` seconds.
    public init(interval: Double = 0.05) {
        peak = Self.currentRSS()
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                let now = Self.currentRSS()
                lock.withLock { peak = max(peak, now) }
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
        thread.name = "bench memory sampler"
        thread.start()
    }

    /// Stops the sampler; returns the highest resident size seen, bytes.
    public func stop() -> Int64 {
        let first: Bool = lock.withLock {
            defer { running = false }
            return running
        }
        if first { _ = done.wait(timeout: .now() + 2) }
        let last = Self.currentRSS()
        return lock.withLock { max(peak, last) }
    }

    /// Resident set size now (/proc/self/statm, second field × page size); 0 where unavailable.
    public static func currentRSS() -> Int64 {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int64(fields[1]) else { return 0 }
        return pages * Int64(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// Peak resident size of this process so far (getrusage ru_maxrss; kilobytes on Linux), bytes.
    public static func maxRSS() -> Int64 {
        var usage = rusage()
        #if canImport(Darwin)
            guard getrusage(RUSAGE_SELF, &usage) == 0 else { return 0 }
            return Int64(usage.ru_maxrss)
        #else
            guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
            return Int64(usage.ru_maxrss) * 1024
        #endif
    }
}
