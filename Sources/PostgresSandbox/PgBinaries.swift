import Foundation
import Postgres

/// Finds the PostgreSQL server programs (initdb, postgres, pg_dump, pg_restore).
public enum PgBinaries {
    /// The directory holding `initdb` and `postgres`: `$EDU_MIGRATE_PGBIN`, else
    /// `pg_config --bindir`, else the newest `/usr/lib/postgresql/*/bin`, else a PATH entry.
    /// - Throws: `PostgresError` saying how to install PostgreSQL when none is found.
    public static func binDir() throws -> String {
        let fm = FileManager.default
        func hasServer(_ dir: String) -> Bool { fm.isExecutableFile(atPath: dir + "/initdb") }
        var candidates: [String] = []
        if let env = ProcessInfo.processInfo.environment["EDU_MIGRATE_PGBIN"] { candidates.append(env) }
        if let dir = pgConfigBinDir() { candidates.append(dir) }
        let root = "/usr/lib/postgresql"
        let versions = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        candidates += versions.map { "\(root)/\($0)/bin" }
        candidates += (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        candidates += ["/usr/local/pgsql/bin", "/usr/pgsql-16/bin", "/usr/pgsql-15/bin"]
        if let dir = candidates.first(where: hasServer) { return dir }
        throw PostgresError(kind: .io, message: "PostgreSQL server programs (initdb, postgres) not found",
                            hint: "run Assets/setup.sh (installs postgresql), or set EDU_MIGRATE_PGBIN to the bin directory")
    }

    /// `pg_config --bindir`, if pg_config is installed.
    private static func pgConfigBinDir() -> String? {
        let fm = FileManager.default
        guard let pgConfig = ["/usr/bin/pg_config", "/usr/local/bin/pg_config"].first(where: fm.isExecutableFile),
              let dir = try? TempDir.make(prefix: "pgconfig") else { return nil }
        defer { try? fm.removeItem(atPath: dir) }
        let out = dir + "/out"
        guard (try? Spawn.run([pgConfig, "--bindir"], log: out, timeout: 10)) != nil,
              let text = try? String(contentsOfFile: out, encoding: .utf8) else { return nil }
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return line.isEmpty ? nil : line
    }
}

/// Private temporary directories (mkdtemp).
enum TempDir {
    static func make(prefix: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PostgresError(kind: .io, message: "cannot create a temporary directory under \(base): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}
