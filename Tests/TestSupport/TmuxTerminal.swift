import Foundation
import ProcessSpawning

/// A real terminal for end-to-end tests: a tmux session on a private server socket, driven with
/// `send-keys` and read with `capture-pane`. Works without a controlling terminal (CI).
public final class TmuxTerminal: @unchecked Sendable {
    /// Private tmux server name (`tmux -L`), so tests never touch the user's tmux.
    public let socket: String
    public let session = "t"

    /// Starts `command` (run by /bin/sh) in a detached session of `cols` x `rows`.
    /// - Parameters: environment: variables set for the command only; directory: its working directory.
    /// - Throws: when tmux is missing or the session does not start.
    public init(
        command: String, rows: Int = 30, cols: Int = 100, environment: [String: String] = [:],
        directory: String? = nil
    ) async throws {
        socket = "edu-wiz-\(getpid())-\(UUID().uuidString.prefix(8))"
        let env = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quote($0.value))" }.joined(
            separator: " ")
        let cd = directory.map { "cd \(Self.quote($0)) && " } ?? ""
        let script = "\(cd)env \(env) \(command); echo \"EXITED rc=$?\"; sleep 600"
        try await tmux(["new-session", "-d", "-s", session, "-x", String(cols), "-y", String(rows), script])
    }

    /// Single-quotes `s` for /bin/sh.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    private func tmux(_ args: [String]) async throws -> String {
        let out = Lines()
        let r = try await ChildProcess.run("tmux", ["-L", socket] + args, timeout: 10, onStdout: { out.add($0) })
        guard r.succeeded else { throw TmuxError(message: "tmux \(args.first ?? "") failed: status \(r.status)") }
        return out.text
    }

    /// Send key names (`Enter`, `Escape`, `F5`, `C-c`, `j`...).
    public func send(_ keys: String...) async throws { try await send(keys: keys) }

    /// Send a list of key names in one tmux call (long key sequences stay fast on a busy machine).
    public func send(keys: [String]) async throws { try await tmux(["send-keys", "-t", session] + keys) }

    /// Type literal text.
    public func type(_ text: String) async throws { try await tmux(["send-keys", "-t", session, "-l", text]) }

    /// The screen as text.
    public func capture() async throws -> String { try await tmux(["capture-pane", "-p", "-t", session]) }

    /// The screen with its SGR escapes (`capture-pane -e`): colours and attributes as drawn.
    public func captureWithEscapes() async throws -> String {
        try await tmux(["capture-pane", "-p", "-e", "-t", session])
    }

    /// Resize the window (the program gets SIGWINCH / KEY_RESIZE).
    public func resize(rows: Int, cols: Int) async throws {
        try await tmux(["resize-window", "-t", session, "-x", String(cols), "-y", String(rows)])
    }

    /// Waits until the screen contains `text` (polling); returns that screen.
    /// - Throws: `TmuxError` with the last screen when it never appears within `timeout` seconds.
    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 20) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try await capture()
            if last.contains(text) { return last }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        throw TmuxError(message: "'\(text)' did not appear within \(timeout) s; screen:\n\(last)")
    }

    /// Ends the session and its private server.
    public func kill() async { _ = try? await tmux(["kill-server"]) }
}

/// A tmux command failed or the screen never showed what a test waited for.
public struct TmuxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Thread-safe line collector.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ l: String) { lock.withLock { lines.append(l) } }
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
