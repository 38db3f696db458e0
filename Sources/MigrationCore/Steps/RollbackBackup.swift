import Foundation
import ProcessSpawning
import Postgres

/// A backup as the backup step records it (artifact `backup.<step id>`). Decoded leniently:
/// only `path` and `sha256` are required.
struct BackupRecord: Codable, Sendable, Equatable {
    var path: String
    var sha256: String
    var format: String?
    var sizeBytes: Int64?
    var createdAt: Date?

    enum CodingKeys: String, CodingKey { case path, sha256, format, sizeBytes, size, bytes, createdAt }

    init(path: String, sha256: String, format: String? = nil, sizeBytes: Int64? = nil, createdAt: Date? = nil) {
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.sizeBytes = sizeBytes
        self.createdAt = createdAt
    }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        sha256 = try c.decode(String.self, forKey: .sha256).lowercased()
        format = try? c.decode(String.self, forKey: .format)
        sizeBytes =
            (try? c.decode(Int64.self, forKey: .sizeBytes)) ?? (try? c.decode(Int64.self, forKey: .size))
            ?? (try? c.decode(Int64.self, forKey: .bytes))
        createdAt = try? c.decode(Date.self, forKey: .createdAt)
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(sha256, forKey: .sha256)
        try c.encodeIfPresent(format, forKey: .format)
        try c.encodeIfPresent(sizeBytes, forKey: .sizeBytes)
        try c.encodeIfPresent(createdAt, forKey: .createdAt)
    }
}

/// The slow rollback's backup handling: pick the newest backup that still verifies
/// (SHA-256 re-hashed, `pg_restore --list` readable), then restore it into a fresh database.
enum RollbackBackup {
    /// Backup step ids tried in order unless the step lists its own in `backups`: the plan's
    /// whole-database (custom format) backups, latest in the plan first (the window's final one).
    static func defaultBackupSteps(_ plan: Plan?) -> [String] {
        (plan?.stages.flatMap(\.steps) ?? []).filter { $0.kind == .backup && $0.param("format") == "custom" }.map(\.id)
            .reversed()
    }

    /// The first listed backup whose file exists, hashes to its recorded SHA-256 and lists cleanly.
    /// - Throws: `StepFailure` naming every backup tried and why it was rejected.
    static func newestVerified(_ stepIDs: [String], context: StepContext, stepID: String) async throws -> BackupRecord {
        var rejected: [String] = []
        for id in stepIDs {
            guard let data = context.loadArtifact("backup.\(id)") else {
                rejected.append("\(id): no artifact backup.\(id)")
                continue
            }
            guard let record = try? artifactDecoder.decode(BackupRecord.self, from: data) else {
                rejected.append("\(id): artifact unreadable")
                continue
            }
            guard FileManager.default.isReadableFile(atPath: record.path) else {
                rejected.append("\(id): \(record.path) missing")
                continue
            }
            let hash = try await sha256(record.path, context: context, stepID: stepID)
            guard hash == record.sha256 else {
                rejected.append(
                    "\(id): SHA-256 \(hash.prefix(12))… does not match recorded \(record.sha256.prefix(12))…")
                continue
            }
            let entries = try await listEntries(record.path, stepID: stepID)
            guard entries > 0 else {
                rejected.append("\(id): pg_restore --list shows no entries")
                continue
            }
            context.emit(
                .checkResult(
                    step: stepID, name: "backup verified", status: .pass,
                    evidence: "\(record.path): SHA-256 \(hash) matches, \(entries) TOC entries"))
            return record
        }
        throw StepFailure(
            code: "no-verified-backup", message: "no backup passed verification: " + rejected.joined(separator: "; "),
            location: stepID,
            fix: "Do not restore an unverified backup. Use the fast path if the legacy "
                + "database is intact, or take and verify a new backup.")
    }

    /// `sha256sum` of a file, run as a child process (never hashing on the cooperative pool).
    static func sha256(_ path: String, context: StepContext, stepID: String) async throws -> String {
        let out = LineBox()
        let r = try await ChildProcess.run("sha256sum", ["--", path], onStdout: { out.append($0) })
        guard r.succeeded, let hash = out.lines.first?.split(separator: " ").first else {
            throw StepFailure(
                code: "backup-verify", message: "sha256sum \(path) failed (status \(r.status))", location: stepID)
        }
        return String(hash).lowercased()
    }

    /// Entries in the archive's table of contents (`pg_restore --list`); throws if unreadable.
    static func listEntries(_ path: String, stepID: String) async throws -> Int {
        let out = LineBox()
        let err = LineBox()
        let r = try await ChildProcess.run(
            PgTools.path("pg_restore"), ["--list", path],
            onStdout: { out.append($0) }, onStderr: { err.append($0) })
        guard r.succeeded else {
            throw StepFailure(
                code: "backup-verify", message: "pg_restore --list \(path) failed: \(err.lines.joined(separator: " "))",
                location: stepID, fix: "The archive is damaged or not in custom format; use another backup.")
        }
        return out.lines.filter { !$0.hasPrefix(";") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
    }

    /// Creates `database` and restores `backup` into it with pg_restore (host/port/user from the
    /// source conninfo as separate arguments; passwords only through libpq's own means).
    static func restore(
        _ backup: BackupRecord, into database: String, admin: Connection, context: StepContext, stepID: String
    ) async throws {
        context.emit(
            .log(
                step: stepID, level: .notice,
                message: "creating database \(database) and restoring \(backup.path) into it"))
        let encoding = try await ArchiveDatabase.encoding(of: backup.path, stepID: stepID)
        try await admin.query(ArchiveDatabase.createStatement(database, encoding: encoding))
        var args = ["--no-owner", "--exit-on-error", "--dbname", database]
        for (key, flag) in [("host", "--host"), ("port", "--port"), ("user", "--username")] {
            if let v = ConnInfo.value(key, in: context.config.source) { args += [flag, v] }
        }
        let emit = context.emit
        let r = try await SessionPassword.withChildEnvironment(for: context.config.source) { environment in
            try await ChildProcess.run(
                PgTools.path("pg_restore"), args + [backup.path], environment: environment,
                onStderr: { emit(.log(step: stepID, level: .warning, message: "[pg_restore] \($0)")) })
        }
        guard r.succeeded else {
            throw StepFailure(
                code: "restore",
                message: "pg_restore into \(database) failed (status \(r.status)); "
                    + "the live database was not touched", location: stepID,
                fix: "Read the pg_restore lines in the log; drop \(database) and retry, or use another backup.")
        }
    }
}

/// Where the PostgreSQL client tools are, for the steps that have no server version at hand.
enum PgTools {
    /// One search for client programs (`PgClientTools`): PATH, then the newest installed major.
    static func path(_ tool: String) -> String { PgClientTools.path(tool) }
}

/// Lines collected from a child's output callback.
final class LineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _lines: [String] = []
    var lines: [String] { lock.withLock { _lines } }
    func append(_ line: String) { lock.withLock { _lines.append(line) } }
}
