#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
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
            throw StepFailure(code: "plan", message: "backup format '\(format)' is not custom, schema or data", location: step.id)
        }
        let source = ConnInfo.redacted(context.config.source)  // never a password on argv
        let database = ConnInfo.value("dbname", in: source) ?? ConnInfo.value("user", in: source) ?? "edu"
        let path = try Self.createFile(dir: context.config.backupDir, database: database, format: format, step: step)
        let name = (path as NSString).lastPathComponent
        context.emit(.log(step: step.id, level: .info, message: "pg_dump of \(database) (\(format)) into \(path)"))
        // The database's own encoding, not its client_encoding setting (a LATIN1 client_encoding
        // on a UTF8 database made pg_dump fail on the first character LATIN1 lacks).
        let encoding = try await Self.serverEncoding(context)
        let emit = context.emit, id = step.id
        let (result, tail) = try await BackupTools.run(
            "pg_dump", modeArgs + ["--no-password", "--verbose", "--encoding=\(encoding)", "--file=\(path)", "--dbname=\(source)"],
            step: step, context: context,
            poll: { emit(.progress(step: id, item: name, done: Self.size(path), total: nil, unit: "bytes")) })
        guard result.succeeded else {
            try? FileManager.default.removeItem(atPath: path)
            throw BackupTools.failure("pg_dump", result, tail: tail, step: step,
                                      fix: "read the pg_dump lines in the log; check the source conninfo, disk space in "
                                        + "\(context.config.backupDir) and that pg_dump's major version is >= the server's; "
                                        + "'permission denied for table' means the role needs SELECT on every table of the "
                                        + "database (or connect as their owner)")
        }
        let size = Self.size(path)
        context.emit(.progress(step: step.id, item: name, done: size, total: size, unit: "bytes"))
        let sha = try await BackupHash.sha256(file: path)
        let record = BackupArtifact(path: path, size: size, sha256: sha, format: format, database: database,
                                    createdAt: ISO8601DateFormatter().string(from: Date()))
        try context.saveArtifact(BackupArtifact.name(step.id), try JSONEncoder().encode(record))
        context.emit(.result(step: step.id, table: ResultTable(
            title: "Backup", columns: ["file", "format", "size", "sha256"],
            rows: [[path, format, ByteCount.text(size), sha]], status: [.pass])))
        context.emit(.log(step: step.id, level: .notice, message: "backup \(name): \(ByteCount.text(size)), sha256 \(sha)"))
        return .passed
    }

    /// The source database's server encoding (`Assets/sql/core/database_encoding.sql`).
    static func serverEncoding(_ context: StepContext) async throws -> String {
        let conn = try await context.connect(.source)
        let sql = try context.assetText("sql/core/database_encoding.sql")
        return try await conn.query(sql).rows.first?["encoding"] ?? "UTF8"
    }

    /// Creates `<database>_<format>_<UTC timestamp>.backup|.sql` with mode 0600 in `dir` (made
    /// 0700); the database name with anything but letters, digits, `-` and `_` replaced by `_`.
    static func createFile(dir: String, database: String, format: String, step: Step) throws -> String {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StepFailure(code: "backup-dir", message: "cannot create backup directory \(dir): \(error.localizedDescription)",
                              location: step.id, fix: "set backup_dir in the configuration to a writable directory")
        }
        let stamp = DateFormatter()
        stamp.locale = Locale(identifier: "en_US_POSIX")
        stamp.timeZone = TimeZone(identifier: "UTC")
        stamp.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let ext = format == "custom" ? "backup" : "sql"
        let name = String(database.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_" })
        let base = "\(name.isEmpty ? "legacy" : name)_\(format)_\(stamp.string(from: Date()))"
        for n in 1...20 {  // O_EXCL: never overwrite an earlier backup taken in the same second
            let path = URL(fileURLWithPath: dir).appendingPathComponent(n == 1 ? "\(base).\(ext)" : "\(base)_\(n).\(ext)").path
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 { close(fd); return path }
            if errno != EEXIST {
                throw StepFailure(code: "backup-file", message: "cannot create \(path): \(String(cString: strerror(errno)))",
                                  location: step.id, fix: "check permissions and free space of \(dir)")
            }
        }
        throw StepFailure(code: "backup-file", message: "too many backups named \(base) in \(dir)", location: step.id)
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
        var value = Double(bytes), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f %@", value, units[unit])
    }
}
