#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import ProcessSpawning
import Postgres

/// `backup` steps: `pg_dump` of the source database. `format: custom` (default) writes a
/// compressed custom archive (`.backup`), `schema` and `data` plain SQL (`.sql`). The file is
/// created 0600 before pg_dump writes to it; progress is the file's size; afterwards its size
/// and SHA-256 are recorded as artifact `backup.<step id>` and shown as a result table.
public struct BackupExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let format = step.param("format") ?? "custom"
        let modeArgs: [String]
        switch format {
        case "custom": modeArgs = ["--format=custom", "--compress=6"]
        case "schema": modeArgs = ["--format=plain", "--schema-only"]
        case "data": modeArgs = ["--format=plain", "--data-only"]
        default:
            throw StepFailure(
                code: "plan", message: "backup format '\(format)' is not custom, schema or data", location: step.id)
        }
        let source = ConnInfo.redacted(context.config.source)  // never a password on argv
        let database = ConnInfo.value("dbname", in: source) ?? ConnInfo.value("user", in: source) ?? "edu"
        let stale = BackupFile.removeStale(dir: context.config.backupDir, database: database, format: format)
        if !stale.isEmpty {
            context.emit(
                .log(
                    step: step.id, level: .warning,
                    message: "removed the unfinished file(s) of an interrupted backup: "
                        + stale.joined(separator: ", ")))
        }
        let file = try BackupFile.reserve(dir: context.config.backupDir, database: database, format: format, step: step)
        let path = file.partial
        let name = (file.final as NSString).lastPathComponent
        context.emit(.log(step: step.id, level: .info, message: "pg_dump of \(database) (\(format)) into \(path)"))
        // The database's own encoding, not its client_encoding setting (a LATIN1 client_encoding
        // on a UTF8 database made pg_dump fail on the first character LATIN1 lacks).
        let encoding = try await Self.serverEncoding(context)
        let emit = context.emit
        let id = step.id
        let (result, tail) = try await BackupTools.run(
            "pg_dump",
            modeArgs + [
                "--no-password", "--verbose", "--encoding=\(encoding)", "--file=\(path)", "--dbname=\(source)",
            ],
            step: step, context: context,
            poll: { emit(.progress(step: id, item: name, done: Self.size(path), total: nil, unit: "bytes")) })
        guard result.succeeded else {
            try? FileManager.default.removeItem(atPath: path)
            throw BackupTools.failure(
                "pg_dump", result, tail: tail, step: step,
                fix: "read the pg_dump lines in the log; check the source conninfo, disk space in "
                    + "\(context.config.backupDir) and that pg_dump's major version is >= the server's; "
                    + "'permission denied for table' means the role needs SELECT on every table of the "
                    + "database (or connect as their owner)")
        }
        let size = Self.size(path)
        context.emit(.progress(step: step.id, item: name, done: size, total: size, unit: "bytes"))
        let sha = try await BackupHash.sha256(file: path)
        try BackupFile.publish(file, step: step)
        let record = BackupArtifact(
            path: file.final, size: size, sha256: sha, format: format, database: database,
            createdAt: ISO8601DateFormatter().string(from: Date()))
        try context.saveArtifact(BackupArtifact.name(step.id), try JSONEncoder().encode(record))
        context.emit(
            .result(
                step: step.id,
                table: ResultTable(
                    title: "Backup", columns: ["file", "format", "size", "sha256"],
                    rows: [[file.final, format, ByteCount.text(size), sha]], status: [.pass])))
        context.emit(
            .log(step: step.id, level: .notice, message: "backup \(name): \(ByteCount.text(size)), sha256 \(sha)"))
        return .passed
    }

    /// The source database's server encoding (`Assets/sql/core/database_encoding.sql`).
    static func serverEncoding(_ context: StepContext) async throws -> String {
        let conn = try await context.connect(.source)
        let sql = try context.assetText("sql/core/database_encoding.sql")
        return try await conn.query(sql).rows.first?["encoding"] ?? "UTF8"
    }

    /// The size of a file in bytes (0 when missing).
    static func size(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// Human-readable byte counts.
enum ByteCount {
    static func text(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
