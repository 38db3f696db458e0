import Foundation
import ProcessSpawning
import Postgres

/// `test-restore` steps (`of: <backup step id>`): restores a custom-format backup into a
/// scratch database `<target_database>_restore_check` on the source's server, compares
/// `count(*)` of every user table with the legacy database, and always drops the scratch
/// database. Fails on any mismatch or restore error.
public struct TestRestoreExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let backup = try BackupArtifact.load(of: step, context: context)
        guard backup.format == "custom" else {
            throw StepFailure(
                code: "plan", message: "test-restore needs a custom-format backup; \(backup.path) is \(backup.format)",
                location: step.id, fix: "point `of:` at a `format: custom` backup step")
        }
        let scratch = "\(context.config.targetDatabase)_restore_check"
        let admin = try await context.connect(.admin)
        // Only a scratch database this migration made (an interrupted test restore's) is dropped.
        let marker = TargetDatabaseMarker.scratchText(workDir: context.workDir)
        switch try await TargetDatabaseMarker.state(scratch, marker: marker, role: .admin, context: context) {
        case .absent: break
        case .ours: try await admin.execute("DROP DATABASE IF EXISTS \(quoteIdent(scratch)) WITH (FORCE)")
        case .foreign(let encoding, let comment):
            throw StepFailure(
                code: "scratch-exists",
                message: "the scratch database \(scratch) already exists (encoding \(encoding), "
                    + (comment.map { "comment '\($0)'" } ?? "no comment")
                    + ") and was not made by this migration's test restore",
                location: step.id,
                fix:
                    "check what \(scratch) holds and drop it (DROP DATABASE \(scratch)), or set target_database to another name"
            )
        }
        let encoding = try await ArchiveDatabase.encoding(of: backup.path, stepID: step.id)
        try await admin.execute(ArchiveDatabase.createStatement(scratch, encoding: encoding))
        try await admin.execute("COMMENT ON DATABASE \(quoteIdent(scratch)) IS \(quoteLiteral(marker))")
        context.emit(
            .log(
                step: step.id, level: .info,
                message: "scratch database \(scratch) created in the archive's encoding \(encoding)"))
        do {
            let outcome = try await restoreAndCompare(backup, into: scratch, step: step, context: context)
            try await admin.execute("DROP DATABASE IF EXISTS \(quoteIdent(scratch)) WITH (FORCE)")
            return outcome
        } catch {
            _ = try? await admin.execute("DROP DATABASE IF EXISTS \(quoteIdent(scratch)) WITH (FORCE)")
            throw error
        }
    }

    private func restoreAndCompare(
        _ backup: BackupArtifact, into scratch: String, step: Step,
        context: StepContext
    ) async throws -> StepOutcome {
        let target = try ConnInfo.replacingDatabase(ConnInfo.redacted(context.config.source), with: scratch)
        let emit = context.emit
        let id = step.id
        let counter = EntryCounter()
        let (result, tail) = try await BackupTools.run(
            "pg_restore",
            [
                "--no-password", "--verbose", "--no-owner", "--no-privileges", "--exit-on-error",
                "--dbname=\(target)", backup.path,
            ],
            step: step, context: context,
            onStderr: { line in
                if line.contains("creating") || line.contains("processing") { counter.increment() }
            },
            poll: { emit(.progress(step: id, item: scratch, done: counter.value, total: nil, unit: "entries")) })
        guard result.succeeded else {
            throw BackupTools.failure(
                "pg_restore", result, tail: tail, step: step,
                fix: "the backup does not restore cleanly; read the pg_restore lines in the log")
        }
        let legacy = try await context.connect(.source)
        let restored = try await Connection.connect(target, applicationName: "edu-migrate test-restore")
        defer { restored.close() }
        let tables = try await Self.userTables(legacy)
        var rows: [[String]] = []
        var status: [CheckStatus] = []
        for (n, table) in tables.enumerated() {
            if context.isCancelled() {
                throw StepFailure(code: .cancelled, message: "cancelled by the operator", location: step.id)
            }
            context.emit(
                .progress(step: step.id, item: "row counts", done: Int64(n), total: Int64(tables.count), unit: "tables")
            )
            let a = try await Self.count(table, on: legacy)
            let b = try? await Self.count(table, on: restored)
            rows.append([table, String(a), b.map(String.init) ?? "missing"])
            status.append(a == b ? .pass : .fail)
        }
        context.emit(
            .result(
                step: step.id,
                table: ResultTable(
                    title: "Test restore of \(backup.path)",
                    columns: ["table", "legacy rows", "restored rows"],
                    rows: rows, status: status)))
        let bad = zip(rows, status).filter { $0.1 == .fail }.map { $0.0[0] }
        guard bad.isEmpty else {
            throw StepFailure(
                code: "restore-mismatch", message: "restored row counts differ for \(bad.joined(separator: ", "))",
                location: step.id,
                fix: "was the legacy database written to after the backup? "
                    + "stop writers (maintenance window), take a new backup and test it again")
        }
        context.emit(
            .log(step: step.id, level: .notice, message: "test restore: \(tables.count) tables, all row counts match"))
        return .passed
    }

    /// Qualified, quoted names of every ordinary and partitioned user table.
    static func userTables(_ conn: Connection) async throws -> [String] {
        let r = try await conn.query(
            """
            SELECT format('%I.%I', n.nspname, c.relname) AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            ORDER BY 1
            """)
        return r.rows.compactMap { $0["t"] }
    }

    static func count(_ table: String, on conn: Connection) async throws -> Int64 {
        try await conn.query("SELECT count(*) AS n FROM \(table)").rows.first?.int64("n") ?? 0
    }
}

/// Counts pg_restore's progress lines from its @Sendable callback.
final class EntryCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count: Int64 = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int64 { lock.withLock { count } }
}
