import Foundation
import Postgres

/// Tells the target database this migration created from any other database of that name.
///
/// Phase 2 comments the database it creates with `text(workDir:)` (core/create_database.sql).
/// Phase 1 checks the name is free, or already this migration's; a retry of the CREATE adopts
/// only a database carrying the marker, or an empty UTF8 one without any comment (an
/// interruption between the CREATE and the COMMENT), which it then marks. Anything else, such
/// as someone's database, one of another encoding, or an earlier run's from another work
/// directory, stops the step naming it, instead of installing the schema beside its tables.
enum TargetDatabaseMarker {
    /// The comment written on the database this migration (this work directory) created.
    static func text(workDir: URL) -> String {
        "created by edu-migrate for the migration in " + workDir.standardizedFileURL.path
    }

    /// The comment on the scratch database of a test restore (phase 1).
    static func scratchText(workDir: URL) -> String {
        "created by edu-migrate (test restore) for the migration in " + workDir.standardizedFileURL.path
    }

    /// What holds the target database's name.
    enum State: Equatable {
        case absent
        case ours
        /// Someone else's: its encoding and comment, for the message.
        case foreign(encoding: String, comment: String?)

        /// One line for a check's evidence or a failure message.
        func describe(_ name: String) -> String {
            switch self {
            case .absent: return "no database named \(name)"
            case .ours: return "database \(name) was created by this migration (phase 2 ran)"
            case .foreign(let encoding, let comment):
                return "database \(name) already exists (encoding \(encoding), "
                    + (comment.map { "comment '\($0)'" } ?? "no comment") + ") and was not created by this migration"
            }
        }
    }

    /// The fix for a foreign database of the target's name.
    static func fix(_ name: String) -> String {
        "check what \(name) holds; drop it (DROP DATABASE \(name)) or set target_database to a free name, then retry"
    }

    /// Reads the state of `name` over a connection of `role` (pg_database is shared: any will do);
    /// `marker` is the comment that makes it ours (default: the target's).
    static func state(
        _ name: String, marker: String? = nil, role: DatabaseRole, context: StepContext
    ) async throws -> State {
        let file = "sql/core/target_database_state.sql"
        let conn = try await context.connect(role)
        let rows: [Row]
        do { rows = try await conn.query(try context.assetText(file), [name]).rows } catch var e as PostgresError {
            e.statement = file
            throw e
        }
        guard let row = rows.first else { return .absent }
        if row["comment"] == (marker ?? text(workDir: context.workDir)) { return .ours }
        return .foreign(encoding: row["encoding"] ?? "?", comment: row["comment"])
    }

    /// A retried CREATE DATABASE found the name taken: continue with this migration's database,
    /// or throw naming the database that is there.
    static func adopt(step: Step, context: StepContext) async throws {
        let name = context.config.targetDatabase
        let found = try await state(name, role: .admin, context: context)
        switch found {
        case .ours:
            context.emit(
                .log(
                    step: step.id, level: .warning,
                    message: "database \(name) was created by the interrupted attempt; continuing"))
            return
        case .foreign(let encoding, nil) where encoding == "UTF8":
            let target = try await context.connect(.target)
            let relations = try await target.query(try context.assetText("sql/core/target_database_empty.sql")).rows
                .first?.int64("relations")
            if relations == 0 {
                let mark = try SqlScript.load("sql/core/mark_target_database.sql", context: context)
                let admin = try await context.connect(.admin)
                for st in mark.statements { _ = try await admin.execute(st.sql) }
                context.emit(
                    .log(
                        step: step.id, level: .warning,
                        message:
                            "database \(name) is empty and unmarked (the interrupted attempt stopped after creating it); marked and continuing"
                    ))
                return
            }
        default:
            break
        }
        throw StepFailure(
            code: "target-exists", message: found.describe(name), sqlState: "42P04", location: step.id, fix: fix(name))
    }
}
