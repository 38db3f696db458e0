import Foundation
import Postgres

/// Finds the PostgreSQL server programs (initdb, postgres) for the sandbox. The client programs
/// the steps run (pg_dump, pg_restore) are matched to the server by MigrationCore's `PgClientTools`.
public enum PgBinaries {
    /// The directory holding `initdb` and `postgres`: `$EDU_MIGRATE_PGBIN`, else the newest
    /// `/usr/lib/postgresql/*/bin` (Debian), else a PATH entry or a usual install location.
    /// - Throws: `PostgresError` saying how to install PostgreSQL when none is found.
    public static func binDir() throws -> String {
        if let dir = candidates().first(where: { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }) {
            return dir
        }
        throw PostgresError(
            kind: .io, message: "PostgreSQL server programs (initdb, postgres) not found",
            hint: "run Assets/setup.sh (installs postgresql), or set EDU_MIGRATE_PGBIN to the bin directory")
    }

    private static func candidates() -> [String] {
        let env = ProcessInfo.processInfo.environment
        var dirs: [String] = env["EDU_MIGRATE_PGBIN"].map { [$0] } ?? []
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init)
        dirs += versions.sorted(by: >).map { "\(root)/\($0)/bin" }
        dirs += (env["PATH"] ?? "").split(separator: ":").map(String.init)
        return dirs + ["/usr/local/pgsql/bin"]
    }
}
