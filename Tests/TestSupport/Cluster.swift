import Foundation
import Postgres
import PostgresSandbox

/// One throwaway cluster shared by every test of the process: started on first use, stopped and
/// deleted at exit (the sandbox registers itself for exit and signals). Tests isolate themselves
/// with their own databases from `createDatabase`.
public enum TestCluster {
    private actor Holder {
        var starting: Task<Sandbox, any Error>?
        func get() async throws -> Sandbox {
            if let starting { return try await starting.value }
            let task = Task { try await Sandbox.start(name: "tests") }
            starting = task
            return try await task.value
        }
    }
    private static let holder = Holder()
    private static let counter = Counter()

    /// The shared sandbox, started once per test process.
    public static func shared() async throws -> Sandbox { try await holder.get() }

    /// Creates an empty database with a unique name starting with `prefix`.
    /// - Returns: its name and a conninfo for it.
    /// - Parameter options: appended to CREATE DATABASE (e.g. an ENCODING ... TEMPLATE template0 clause).
    public static func createDatabase(
        _ prefix: String, options: String = ""
    ) async throws -> (name: String, conninfo: String) {
        let sandbox = try await shared()
        let name = uniqueName(prefix)
        let admin = try await Connection.connect(sandbox.conninfo(), applicationName: "tests admin")
        defer { admin.close() }
        try await admin.execute("CREATE DATABASE \(name) \(options)")
        return (name, sandbox.conninfo(database: name))
    }

    /// Drops a database created by `createDatabase` (tests that create many call this).
    public static func dropDatabase(_ name: String) async throws {
        let admin = try await Connection.connect(try await shared().conninfo(), applicationName: "tests admin")
        defer { admin.close() }
        try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// A lowercase identifier unique in this process and across concurrent test processes.
    public static func uniqueName(_ prefix: String) -> String {
        let clean = prefix.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return "\(String(clean))_\(getpid())_\(counter.next())"
    }

    /// A file under Tests/Fixtures, e.g. `postgres/copy.sql`.
    public static func fixture(_ relativePath: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The package's Assets directory.
    public static var assets: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Assets")
    }
}

/// A thread-safe counter.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.withLock {
            value += 1
            return value
        }
    }
}
