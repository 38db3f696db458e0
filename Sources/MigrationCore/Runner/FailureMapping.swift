import Foundation
import Postgres

/// Turns whatever an executor threw into a `StepFailure` the DBA can act on.
public enum FailureMapping {
    /// - Parameters:
    ///   - error: a `StepFailure`, `PostgresError` or anything else.
    ///   - step: the step that failed (used as location when none is known).
    public static func failure(from error: any Error, step: Step) -> StepFailure {
        if let f = error as? StepFailure { return f }
        if let pg = error as? PostgresError {
            let code: StepFailure.Code
            switch pg.kind {
            case .connection: code = "connection"
            case .server: code = "sql"
            case .cancelled: code = "cancelled"
            case .timeout: code = "timeout"
            case .io: code = "io"
            }
            var message = Redact.secrets(pg.message)
            if let d = pg.detail { message += " — \(d)" }
            return StepFailure(
                code: code, message: message, sqlState: pg.sqlState,
                location: pg.statement ?? step.param("file") ?? step.id,
                fix: pg.hint ?? fix(for: pg))
        }
        return StepFailure(code: "error", message: Redact.secrets(String(describing: error)), location: step.id)
    }

    /// A next step for common SQLSTATEs and connection problems.
    static func fix(for e: PostgresError) -> String? {
        // The server went away in the middle of a step (a restart, a crash, an administrator's
        // pg_terminate_backend): not a configuration problem.
        if ["57P01", "57P02", "57P03"].contains(e.sqlState ?? "")
            || e.message.contains("server closed the connection unexpectedly")
        {
            return
                "the server ended the session (restart, crash or pg_terminate_backend); the step's transaction was rolled back: "
                + "when the server accepts connections again, retry the step or run the same command again to resume"
        }
        if e.kind == .connection && e.message.contains("permission denied for database") {
            return "the role may not connect to that database: GRANT CONNECT ON DATABASE ... TO the migration role "
                + "(CREATE/DROP DATABASE and the test restore go through the maintenance database postgres)"
        }
        if e.kind == .connection {
            return
                "check host/port/dbname in `source:` and that the password is in ~/.pgpass, PGPASSFILE or a service file"
        }
        if e.kind == .cancelled { return "the statement was cancelled and its transaction rolled back; retry the step" }
        switch e.sqlState ?? "" {
        case "28P01", "28000":
            return "authentication failed: put the password in ~/.pgpass or PGPASSFILE (never in the config)"
        case "3D000":
            return "the database does not exist: check `source:` / `target_database:`, or run the schema phase"
        case "42P01": return "a table is missing: run the analysis (legacy-columns check) or the schema phase"
        case "42703": return "a column is missing: compare the legacy schema with Assets/plan/legacy_tables.yaml"
        case "42501" where e.message.contains("must be owner of database"):
            return
                "only the database's owner (or a superuser) may rename it: ALTER DATABASE ... OWNER TO the migration role, or connect as a superuser"
        case "42501": return "permission denied: connect as a role with the needed privilege (CREATEDB or superuser)"
        case "42809" where e.message.contains("locale"), "22023" where e.message.contains("locale"):
            return
                "the server has no such locale: set `locale:` to one the server lists (locale -a on its host), or leave it out to use a UTF-8 locale of the cluster"
        case "42P04": return "the database already exists: drop it or choose another target_database"
        case "53100": return "disk full: free space under the data directory and retry"
        case "55006": return "the database is in use: close other sessions (see the active-connections check)"
        case "23505":
            return "duplicate key: the data needs the dedup rules of the migration files; see the analysis report"
        case "23503": return "foreign key violation: see the orphan checks of the analysis report"
        case "25006": return "the legacy database is opened read-only; this statement must run on the target"
        default: return nil
        }
    }
}
