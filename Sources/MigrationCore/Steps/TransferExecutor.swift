import Foundation
import Postgres

/// `transfer` steps: streams each legacy table (`tables:`, default the whole manifest) into
/// `migration_stage.<table>` in the target with COPY out → COPY in, never buffering a table.
/// One target transaction per table (TRUNCATE + COPY), so a retry or resume starts the table
/// clean. Progress is rows done / the planner's estimate per table; cancel stops the COPY. Each
/// table's change-detection fingerprint is hashed as its rows pass (`CopyFingerprint`).
public struct TransferExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let manifest = try LegacyManifest.load(assets: context.assets)
        let tables = try Self.selected(step, manifest)
        let source = try await context.connect(.source)
        let target = try await context.connect(.target)
        if let encoding = context.config.transferSourceEncoding {
            try await Self.useEncoding(encoding, source: source, target: target, step: step, context: context)
        }
        var lanes = [(source, target)]  // more below, once the snapshot is exported
        let watcher = Task {  // turns the operator's cancel into a server-side cancel of every target
            while !Task.isCancelled {
                if context.isCancelled() {
                    target.cancel()
                    return
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        defer { watcher.cancel() }
        if let limit = context.config.transferMaxRowsPerSecond {
            context.emit(
                .log(
                    step: step.id, level: .info,
                    message: "pace capped at \(Int(limit)) rows/s per table (transfer.max_rows_per_second)"))
        }
        // One snapshot for every table (as pg_dump): writes during the copy cannot make tables
        // disagree with each other, and the fingerprints hashed in the relay describe exactly
        // what was copied.
        // Tables side by side (as pg_dump -j): the extra lanes are connected first, then import
        // the snapshot (no reopening of a frozen legacy database after it is taken).
        let extra = try await CopySnapshot.openLanes(
            Self.laneCount(context, tables: tables.count) - 1, context: context)
        let snapshot = try await CopySnapshot.begin(
            source: source, tables: tables.map(\.name), context: context, stepID: step.id)
        var rows: [[String]] = []
        do {
            lanes += try await snapshot.join(extra)
            let others = lanes.dropFirst().map(\.1)
            let stopper = Task {
                while !Task.isCancelled {
                    if context.isCancelled() {
                        for t in others { t.cancel() }
                        return
                    }
                    try? await Task.sleep(nanoseconds: 100_000_000)
                }
            }
            defer { stopper.cancel() }
            let copied = try await TransferLanes.run(tables, lanes: lanes, step: step, context: context) {
                table, src, dst in
                try await self.copy(table, from: src, to: dst, step: step, context: context)
            }
            for (table, c) in zip(tables, copied) {
                let rate = c.seconds > 0 ? Int(Double(c.rows) / c.seconds) : Int(c.rows)
                rows.append([table.name, String(c.rows), String(format: "%.1f", c.seconds), String(rate)])
            }
            try await snapshot.finish(
                target: target, found: copied.map(\.fingerprint), bytes: copied.reduce(0) { $0 + $1.bytes },
                hashSeconds: copied.reduce(0) { $0 + $1.hashSeconds })
        } catch {
            await snapshot.abandon()
            throw error
        }
        context.emit(
            .result(
                step: step.id,
                table: ResultTable(
                    title: "Transfer into migration_stage",
                    columns: ["table", "rows", "seconds", "rows/s"], rows: rows)))
        return Self.compareWithPhaseOne(rows.map { ($0[0], Int64($0[1]) ?? -1) }, step: step, context: context)
    }

    /// The legacy tables must hold what phase 1 counted (and backed up): a difference means the
    /// application wrote during the window, so the backup no longer matches what is migrated.
    /// Warned (the data moved is still complete and accounted for), each table named.
    static func compareWithPhaseOne(_ copied: [(String, Int64)], step: Step, context: StepContext) -> StepOutcome {
        // The final sync reads the frozen legacy database: the writes since phase 1 are what it is
        // for, and the window's final backup (taken just before the freeze) holds them.
        if FreezeRecord.load(context) != nil { return .passed }
        guard let counted = PreMigrationCounts.load(context) else { return .passed }
        let before = Dictionary(counted.map { ($0.tableName, $0.count) }, uniquingKeysWith: { a, _ in a })
        let changed = copied.compactMap { t, n -> String? in
            guard let b = before[t], b != n else { return nil }
            return "\(t) \(b) → \(n)"
        }
        guard !changed.isEmpty else { return .passed }
        context.emit(
            .log(
                step: step.id, level: .warning,
                message:
                    "legacy rows changed since phase 1 counted them (and since the backups): \(changed.joined(separator: ", ")). "
                    + "Something wrote to the legacy database during the window: stop it (services-can-stop), then take new "
                    + "backups (phase 1) before the cutover, or accept the difference knowingly. Every row moved is accounted for."
            ))
        return .warned
    }

    /// One table: estimate, then TRUNCATE + COPY + key check in one target transaction.
    func copy(
        _ table: LegacyManifest.Table, from source: Connection, to target: Connection,
        step: Step, context: StepContext
    ) async throws -> TransferLanes.Copied {
        let legacyName = "public.\(quoteIdent(table.name))"
        let estimate = try await source.query(try context.assetText("sql/core/transfer_table_info.sql"), [legacyName])
            .rows.first
        guard estimate?.bool("present") == true else {
            throw StepFailure(
                code: "legacy-missing", message: "legacy table \(legacyName) does not exist in the source database",
                location: step.id, fix: "run the preparation analysis; fix the manifest or the source conninfo")
        }
        let keyCheckText = try context.assetText("sql/migration/05_legacy_keys.sql")
        let checkKeys = estimate?.bool("id_unique") == true ? "false" : "true"
        let total = estimate?.int64("n").flatMap { $0 >= 0 ? $0 : nil }
        let id = step.id
        let emit = context.emit
        emit(.statement(step: id, label: "COPY \(legacyName) → migration_stage.\(quoteIdent(table.name))"))
        emit(.progress(step: id, item: table.name, done: 0, total: total, unit: "rows"))
        let cols = table.columns.map(quoteIdent).joined(separator: ", ")
        let session = try context.assetText("sql/core/copy_text_session.sql")
        let started = Date()
        try await target.execute("BEGIN; TRUNCATE migration_stage.\(quoteIdent(table.name))")
        do {
            // Only the COPY speaks the legacy encoding: the key check's SQL below is UTF-8 text.
            // The source's settings are the window compare's, so its bytes hash the same.
            let encoding = context.config.transferSourceEncoding
            try await CopyFingerprint.settle(source, encoding: encoding, sql: session)
            if let encoding { try await Self.speak(encoding, [target]) }
            let done = try await target.copy(
                from: source, copyOut: CopyFingerprint.statement(table),
                copyIn: "COPY migration_stage.\(quoteIdent(table.name)) (\(cols)) FROM STDIN",
                maxRowsPerSecond: context.config.transferMaxRowsPerSecond,
                progress: { emit(.progress(step: id, item: table.name, done: $0.rows, total: total, unit: "rows")) })
            if encoding != nil { try await Self.speak("UTF8", [source, target]) }
            emit(.statement(step: id, label: "sql/migration/05_legacy_keys.sql: NULL or repeated ids of \(table.name)"))
            try await target.execute(
                SqlVariables.substitute(
                    keyCheckText,
                    [
                        "stage_table": table.name, "source_table": table.name, "check_keys": checkKeys,
                        "rows_copied": String(done.rows),
                    ]))
            try await target.execute("COMMIT")
            emit(.progress(step: id, item: table.name, done: done.rows, total: done.rows, unit: "rows"))
            return TransferLanes.Copied(
                rows: done.rows, seconds: Date().timeIntervalSince(started), bytes: done.bytes,
                fingerprint: CopyFingerprint.fingerprint(table.name, done), hashSeconds: done.hashSeconds)
        } catch {
            _ = try? await target.execute("ROLLBACK")
            if context.isCancelled() || (error as? PostgresError)?.kind == .cancelled { throw Self.cancelled(step) }
            if var pg = error as? PostgresError {
                if pg.sqlState == "22021" || pg.sqlState == "22P05" {
                    throw Self.encodingFailure(pg, table: table.name, step: step)
                }
                pg.statement = "transfer \(table.name)"
                throw pg
            }
            throw error
        }
    }

    /// Connections copying side by side: `transfer.parallel`, else the cores (at least 2); one
    /// when the front end offers no second connection or a pace cap applies.
    static func laneCount(_ context: StepContext, tables: Int) -> Int {
        guard context.connectAnother != nil, context.config.transferMaxRowsPerSecond == nil else { return 1 }
        let n = context.config.parallelSteps ?? max(2, ProcessInfo.processInfo.activeProcessorCount)
        return max(1, min(n, tables))
    }

    /// The tables the step names (in manifest order), or all of them.
    static func selected(_ step: Step, _ manifest: LegacyManifest) throws -> [LegacyManifest.Table] {
        guard case .list(let names)? = step.params["tables"] else { return manifest.tables }
        let wanted = names.compactMap(\.text)
        let unknown = wanted.filter { name in !manifest.tables.contains { $0.name == name } }
        guard unknown.isEmpty else {
            throw StepFailure(
                code: "plan", message: "tables not in legacy_tables.yaml: \(unknown.joined(separator: ", "))",
                location: step.id, fix: "add them to Assets/plan/legacy_tables.yaml or fix the step's `tables:`")
        }
        return manifest.tables.filter { wanted.contains($0.name) }
    }

    /// Checks transfer.source_encoding once, before the first table, so a typo fails at once.
    static func useEncoding(
        _ encoding: String, source: Connection, target: Connection,
        step: Step, context: StepContext
    ) async throws {
        do {
            try await speak(encoding, [source, target])
            try await speak("UTF8", [source, target])
        } catch let e as PostgresError {
            throw StepFailure(
                code: "config",
                message: "transfer.source_encoding '\(encoding)' is not an encoding PostgreSQL knows: \(e.message)",
                sqlState: e.sqlState, location: step.id,
                fix: "use a PostgreSQL encoding name (WIN1251, LATIN5, LATIN1, ...) in the configuration and retry")
        }
        context.emit(
            .log(
                step: step.id, level: .info,
                message: "legacy text read as \(encoding) (transfer.source_encoding), stored as UTF-8"))
    }

    /// Both ends speak `encoding`: the source sends its text in it (a SQL_ASCII database sends its
    /// bytes as stored), the target converts from it to its own UTF-8.
    static func speak(_ encoding: String, _ conns: [Connection]) async throws {
        for conn in conns { _ = try await conn.query("SELECT set_config('client_encoding', $1, false)", [encoding]) }
    }

    /// A legacy value that is not valid in the encoding the transfer reads it in.
    static func encodingFailure(_ e: PostgresError, table: String, step: Step) -> StepFailure {
        StepFailure(
            code: "encoding",
            message: "legacy table \(table) holds text that is not valid in the transfer's encoding: \(e.message)",
            sqlState: e.sqlState, location: "transfer \(table)",
            fix: "a SQL_ASCII legacy database stores bytes of another encoding: set transfer.source_encoding "
                + "to the one the application wrote (e.g. WIN1251), then retry the step. If it already holds "
                + "UTF-8 text too (mixed encodings), no single source_encoding reads both: a single-byte one "
                + "such as LATIN1 accepts every byte and garbles the UTF-8 names without an error; convert "
                + "the legacy rows to one encoding first")
    }

    static func cancelled(_ step: Step) -> StepFailure {
        StepFailure(
            code: .cancelled, message: "transfer cancelled by the operator; the table being copied was rolled back",
            location: step.id, fix: "retry the step: each table is truncated and copied again")
    }
}
