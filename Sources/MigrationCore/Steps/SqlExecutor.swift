import Foundation
import Postgres

/// `sql` steps: runs an Assets SQL file statement by statement, in one transaction unless
/// `transaction: false`; each statement's label is published for the live panel. With `waves:`
/// instead of `file:`, runs groups of files side by side (`SqlWaves`).
public struct SqlExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let role = DatabaseRole(rawValue: step.param("database") ?? "target") ?? .target
        if let waves = SqlWaves.waves(step) {
            try await SqlWaves.run(waves, role: role, step: step, context: context)
            return .passed
        }
        guard let file = step.param("file") else {
            throw StepFailure(code: "plan", message: "sql step without `file` or `waves`", location: step.id)
        }
        let conn = try await context.connect(role)
        var vars = SqlVariables.values(context.config, workDir: context.workDir)
        let raw = try SqlScript.load(file, context: context)
        if vars["locale"] == nil, raw.statements.contains(where: { SqlVariables.uses("locale", in: $0.sql) }) {
            vars["locale"] = try await SqlVariables.defaultLocale(conn, context: context)
        }
        let script = raw.substituting(vars)
        let inTransaction = step.params["transaction"] != .bool(false)
        let started = Date()
        do {
            let results = try await SqlRunner.run(
                script, on: conn, step: step, context: context, transaction: inTransaction, commit: true)
            context.emit(
                .log(
                    step: step.id, level: .info,
                    message: SqlRunner.summary(
                        file: file, results, seconds: Date().timeIntervalSince(started),
                        committed: inTransaction)))
        } catch let e as PostgresError
            where e.sqlState == "42P04" && step.params["exists-ok"] == .bool(true) && context.attempt > 1
        {
            // An interrupted earlier attempt may have created the database before the journal
            // recorded it; adopted only when it is that attempt's (TargetDatabaseMarker).
            try await TargetDatabaseMarker.adopt(step: step, context: context)
        }
        return .passed
    }
}

/// Runs a script's statements with labels, cancellation checks and file:line error locations.
enum SqlRunner {
    /// - Parameters:
    ///   - transaction: wrap the statements in BEGIN ... COMMIT (or ROLLBACK when `commit` is false).
    /// - Returns: each statement with its result.
    /// - Throws: `PostgresError` whose `statement` is `file:line`, or `StepFailure` on cancel.
    static func run(
        _ script: SqlScript, on conn: Connection, step: Step, context: StepContext,
        transaction: Bool, commit: Bool
    ) async throws -> [(SqlScript.Statement, [QueryResult])] {
        var out: [(SqlScript.Statement, [QueryResult])] = []
        var written: Int64 = 0
        if transaction { try await conn.execute("BEGIN") }
        do {
            for (n, st) in script.statements.enumerated() {
                if context.isCancelled() { throw cancelled(step) }
                context.emit(.statement(step: step.id, label: "\(script.file):\(st.line) \(st.codeLine)"))
                context.emit(
                    .progress(
                        step: step.id, item: script.file, done: Int64(n), total: Int64(script.statements.count),
                        unit: "statements"))
                do {
                    let results = try await conn.execute(st.sql)
                    out.append((st, results))
                    // Rows the file has written so far (the command tags' counts): what the
                    // live panel shows for a transform instead of statements.
                    if Self.writes(st.sql) {
                        written += results.reduce(Int64(0)) { $0 + $1.affected }
                        context.emit(
                            .progress(
                                step: step.id, item: "\(script.file) rows written", done: written, total: nil,
                                unit: "rows"))
                    }
                } catch var e as PostgresError {
                    e.statement = "\(script.file):\(st.line)"
                    throw e
                }
            }
            context.emit(
                .progress(
                    step: step.id, item: script.file, done: Int64(script.statements.count),
                    total: Int64(script.statements.count), unit: "statements"))
            if transaction { try await conn.execute(commit ? "COMMIT" : "ROLLBACK") }
        } catch {
            if transaction { _ = try? await conn.execute("ROLLBACK") }
            if let pg = error as? PostgresError, pg.kind == .cancelled || context.isCancelled() {
                throw cancelled(step)
            }
            throw error
        }
        return out
    }

    /// What a script did, for the log: `file: 14 statements in 0.3 s, one transaction committed:
    /// 12 CREATE TABLE, 2 COMMENT; 1,204 rows written`.
    static func summary(
        file: String, _ results: [(SqlScript.Statement, [QueryResult])], seconds: Double, committed: Bool
    ) -> String {
        var counts: [(tag: String, n: Int)] = []
        var rows: Int64 = 0
        for qr in results.flatMap(\.1)
        where !qr.command.isEmpty && !["SET", "RESET", "BEGIN", "COMMIT"].contains(qr.command) {
            if let i = counts.firstIndex(where: { $0.tag == qr.command }) {
                counts[i].n += 1
            } else {
                counts.append((qr.command, 1))
            }
            if ["INSERT", "UPDATE", "DELETE", "MERGE", "COPY"].contains(qr.command)
                || qr.command.hasPrefix("SELECT") && qr.columns.isEmpty
            {
                rows += qr.affected
            }
        }
        var line =
            "\(file): \(results.count) statement\(results.count == 1 ? "" : "s") in \(String(format: "%.1f", seconds)) s"
            + (committed ? ", one transaction committed" : "")
        if !counts.isEmpty { line += ": " + counts.map { "\($0.n) \($0.tag)" }.joined(separator: ", ") }
        if rows > 0 { line += "; \(rows) rows written" }
        return line
    }

    /// True for statements whose command tag counts rows written (not SELECT, SET, CREATE ...).
    static func writes(_ sql: String) -> Bool {
        let code =
            sql.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
            .first { !$0.isEmpty && !$0.hasPrefix("--") } ?? ""
        let verb = code.prefix { $0.isLetter }.uppercased()
        return ["INSERT", "UPDATE", "WITH", "MERGE", "COPY"].contains(verb)
    }

    static func cancelled(_ step: Step) -> StepFailure {
        StepFailure(
            code: .cancelled, message: "cancelled by the operator; the step's transaction was rolled back",
            location: step.id, fix: "retry the step when ready")
    }
}
