#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing
import TestSupport

/// The `edu-migrate` binary the end-to-end tests drive, and a guard that it is not stale.
enum Binary {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Beside the running test bundle (the build's products directory), else `.build/debug`.
    static var path: String {
        let products = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            products.appendingPathComponent("edu-migrate").path,
            packageRoot.appendingPathComponent(".build/debug/edu-migrate").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[1]
    }

    /// The binary's path once it exists and is newer than every file under Sources/.
    /// - Throws: when it is missing or older than a source file (run `swift build --build-tests`).
    static func fresh() throws -> String {
        let fm = FileManager.default
        let bin = path
        let built = try #require(
            try? fm.attributesOfItem(atPath: bin)[.modificationDate] as? Date,
            "no edu-migrate at \(bin): run `swift build --build-tests`")
        let sources = packageRoot.appendingPathComponent("Sources")
        let newer =
            (fm.enumerator(at: sources, includingPropertiesForKeys: [.contentModificationDateKey])?
            .compactMap { $0 as? URL } ?? [])
            .filter {
                (try? $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate)
                    .map { $0 > built } ?? false
            }
        try #require(newer.isEmpty, "\(bin) is older than \(newer.first?.path ?? "")): run `swift build --build-tests`")
        return bin
    }
}

/// Screens saved under the test's temp dir, printed when the test fails.
final class Captures: @unchecked Sendable {
    let dir: URL
    private let lock = NSLock()
    private var names: [String] = []

    init(dir: URL) throws {
        self.dir = dir.appendingPathComponent("captures")
        try FileManager.default.createDirectory(at: self.dir, withIntermediateDirectories: true)
    }

    /// Saves `screen` as `NN-name.txt` and returns it.
    @discardableResult
    func save(_ name: String, _ screen: String) -> String {
        let file: String = lock.withLock {
            names.append(name)
            return String(format: "%02d-%@.txt", names.count, name)
        }
        try? screen.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
        return screen
    }

    /// Every saved screen, in order, framed by its name.
    var all: String {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()) ?? []
        return files.map { f in
            "===== \(f) =====\n" + ((try? String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)) ?? "")
        }.joined(separator: "\n")
    }
}

extension TmuxTerminal {
    /// Polls the screen until `ok` holds; returns that screen.
    /// - Throws: `ScreenTimeout` with the last screen when it never holds within `timeout` seconds.
    @discardableResult
    func waitUntil(
        _ what: String, timeout: Double = 20, poll: Double = 0.1, _ ok: (String) -> Bool
    ) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try await capture()
            if ok(last) { return last }
            try await Task.sleep(nanoseconds: UInt64(poll * 1e9))
        }
        throw ScreenTimeout(description: "\(what): not seen within \(timeout) s; screen:\n\(last)")
    }

    /// `q`; when the wizard asks first (a step runs or waits), chooses "quit" in the dialog.
    /// Returns the screen once the program has exited (the shell prints `EXITED rc=N`).
    func quitWizard() async throws -> String {
        try await send("q")
        let s = try await waitUntil("exit or quit question", timeout: 30) {
            $0.contains("EXITED rc=") || $0.contains("Quit?")
        }
        if s.contains("EXITED rc=") { return s }
        try await send("Tab", "Enter")
        return try await waitFor("EXITED rc=", timeout: 30)
    }
}

/// What a test waited for never showed; carries the last screen.
struct ScreenTimeout: Error, CustomStringConvertible {
    var description: String
}

extension String {
    /// Lines of a captured screen.
    var screenLines: [String] { split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

/// The cluster `demo --keep` leaves running: found from `demo.yaml`, stopped through its
/// `postmaster.pid` (it is no child of ours), its directory removed.
enum KeptCluster {
    /// The sandbox directory (`host=` of the source conninfo) named in a demo configuration.
    static func socketDir(config: URL) -> String? {
        guard let text = try? String(contentsOf: config, encoding: .utf8),
            let m = text.firstMatch(of: #/host=(/[^\s"]+)/#)
        else { return nil }
        return String(m.1)
    }

    /// The postmaster's pid when it is running (not gone, not a zombie).
    static func postmaster(socketDir: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: socketDir + "/data/postmaster.pid", encoding: .utf8),
            let first = text.split(separator: "\n").first, let pid = pid_t(first), pid > 0
        else { return nil }
        return alive(pid) ? pid : nil
    }

    static func alive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    /// Fast shutdown (SIGINT), SIGKILL after 15 s, then removes the directory. Safe to call twice.
    static func stop(socketDir: String) async {
        if let pid = postmaster(socketDir: socketDir) {
            kill(pid, SIGINT)
            let deadline = Date().addingTimeInterval(15)
            while alive(pid), Date() < deadline { try? await Task.sleep(nanoseconds: 100_000_000) }
            if alive(pid) { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(atPath: socketDir)
    }
}

/// SGR parameters of a `capture-pane -e` screen: which colours and attributes were drawn.
struct SGR {
    var colours = 0, bold = 0, reverse = 0

    init(_ screen: String) {
        for m in screen.matches(of: #/\x1b\[([0-9;]*)m/#) {
            let params = m.1.split(separator: ";").compactMap { Int($0) }
            var i = 0
            while i < params.count {
                let p = params[i]
                switch p {
                case 1: bold += 1
                case 7: reverse += 1
                case 30...37, 40...47, 90...97, 100...107: colours += 1
                case 38, 48:
                    colours += 1
                    i += params.indices.contains(i + 1) && params[i + 1] == 5 ? 2 : 4  // 38;5;n or 38;2;r;g;b
                default: break
                }
                i += 1
            }
        }
    }
}
