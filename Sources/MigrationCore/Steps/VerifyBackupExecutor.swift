import Foundation
import ProcessSpawning
import Postgres

/// `verify-backup` steps (`of: <backup step id>`): re-hashes the file against the recorded
/// SHA-256 and lists its entries per kind (`pg_restore --list` for custom archives, the dump's
/// headers for plain SQL). Fails when the hash differs, the listing fails or is empty.
public struct VerifyBackupExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let backup = try BackupArtifact.load(of: step, context: context)
        guard FileManager.default.fileExists(atPath: backup.path) else {
            throw StepFailure(
                code: "backup-missing", message: "backup file \(backup.path) is gone", location: step.id,
                fix: "restore the file from where it was copied, or take a new backup")
        }
        context.emit(.statement(step: step.id, label: "sha256 \(backup.path)"))
        let sha = try await BackupHash.sha256(file: backup.path)
        let same = sha == backup.sha256
        context.emit(
            .checkResult(
                step: step.id, name: "sha256", status: same ? .pass : .fail,
                evidence: same ? sha : "recorded \(backup.sha256), now \(sha)"))
        guard same else {
            throw StepFailure(
                code: "backup-hash", message: "\(backup.path) changed since it was written (SHA-256 differs)",
                location: step.id, fix: "do not use this file; take a new backup")
        }
        let counts: [String: Int]
        if backup.format == "custom" {
            let lines = LineTail(limit: 1_000_000)
            let (result, tail) = try await BackupTools.run(
                "pg_restore", ["--list", backup.path], step: step,
                context: context, onStdout: { lines.append($0) })
            guard result.succeeded else {
                throw BackupTools.failure(
                    "pg_restore", result, tail: tail, step: step,
                    fix: "the archive is damaged or not a custom-format dump; take a new backup")
            }
            counts = BackupContents.countList(lines.lines)
        } else {
            let path = backup.path
            counts = try await BackupHash.onOwnThread("backup scan") { try BackupContents.countPlain(path) }
        }
        let total = counts.values.reduce(0, +)
        context.emit(
            .checkResult(
                step: step.id, name: "entries", status: total > 0 ? .pass : .fail,
                evidence: "\(total) entries"))
        context.emit(
            .result(step: step.id, table: BackupContents.table(counts, title: "Backup contents: \(backup.path)")))
        guard total > 0 else {
            throw StepFailure(
                code: "backup-empty", message: "\(backup.path) lists no entries", location: step.id,
                fix: "check the source database and take a new backup")
        }
        return .passed
    }
}
