#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// The loop on `ChildProcess`'s own thread: reads both pipes with `poll`, splits lines, reaps
/// the child, enforces the timeout and escalates SIGTERM to SIGKILL.
struct ChildProcessReader: Sendable {
    let pid: pid_t
    let stdout: Int32
    let stderr: Int32
    let timeout: Double?
    let grace: Double
    let onStdout: @Sendable (String) -> Void
    let onStderr: @Sendable (String) -> Void

    /// Runs until the child has exited and its pipes are drained (or held open by a grandchild
    /// for more than a second after the exit), then returns how it ended.
    func run(cancelled: () -> Bool) -> ChildProcessResult {
        let start = Date()
        var fds = [
            pollfd(fd: stdout, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stderr, events: Int16(POLLIN), revents: 0),
        ]
        var pending = [[UInt8](), [UInt8]()]
        var open = [true, true]
        var status: Int32?
        var exitedAt: Date?
        var termSentAt: Date?
        var timedOut = false
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            for i in 0..<2 { fds[i].fd = open[i] ? (i == 0 ? stdout : stderr) : -1 }
            _ = poll(&fds, 2, 100)
            for i in 0..<2 where open[i] && fds[i].revents != 0 {
                let n = buffer.withUnsafeMutableBytes { read(fds[i].fd, $0.baseAddress, $0.count) }
                if n > 0 {
                    pending[i].append(contentsOf: buffer[0..<n])
                    emitLines(&pending[i], to: i == 0 ? onStdout : onStderr)
                } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                    open[i] = false
                }
            }
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = raw
                    exitedAt = Date()
                }
            }
            if let exitedAt, (!open[0] && !open[1]) || exitedAt.timeIntervalSinceNow < -1 { break }
            if status == nil {
                if termSentAt == nil, let timeout, -start.timeIntervalSinceNow > timeout {
                    timedOut = true
                    kill(-pid, SIGTERM)
                    termSentAt = Date()
                } else if termSentAt == nil, cancelled() {
                    termSentAt = Date()  // ChildProcess.cancel() already sent SIGTERM
                } else if let sent = termSentAt, -sent.timeIntervalSinceNow > grace {
                    kill(-pid, SIGKILL)
                }
            }
        }
        for i in 0..<2 where !pending[i].isEmpty {
            (i == 0 ? onStdout : onStderr)(String(decoding: pending[i], as: UTF8.self))
        }
        close(stdout)
        close(stderr)
        return decode(status ?? 0, timedOut: timedOut, cancelled: cancelled())
    }

    /// Delivers every complete line in `bytes` and keeps the rest.
    private func emitLines(_ bytes: inout [UInt8], to sink: @Sendable (String) -> Void) {
        var startIndex = 0
        for (i, b) in bytes.enumerated() where b == 10 {
            var end = i
            if end > startIndex && bytes[end - 1] == 13 { end -= 1 }
            sink(String(decoding: bytes[startIndex..<end], as: UTF8.self))
            startIndex = i + 1
        }
        bytes.removeFirst(startIndex)
    }

    private func decode(_ raw: Int32, timedOut: Bool, cancelled: Bool) -> ChildProcessResult {
        let sig = raw & 0x7f
        if sig == 0 {
            return ChildProcessResult(status: (raw >> 8) & 0xff, signal: nil, timedOut: timedOut, cancelled: cancelled)
        }
        return ChildProcessResult(status: 128 + sig, signal: sig, timedOut: timedOut, cancelled: cancelled)
    }
}
