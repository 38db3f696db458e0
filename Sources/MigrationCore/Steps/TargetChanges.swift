import Foundation
import Postgres

/// What the application wrote to the new database after the cutover: its tables compared with
/// the fingerprints the cutover recorded (`cutover.target_fingerprints`). A rollback names them
/// before its typed confirmation and keeps that database under a name that says so.
enum TargetChanges {
    /// Emits the `target-changes` result (and a warning naming the tables).
    /// - Returns: the changed tables; nil when there is nothing to compare (no cutover yet, or
    ///   no fingerprints recorded by it).
    static func compare(
        _ cutover: DatabaseSwap, progress: SwapProgress?, context: StepContext,
        stepID: String
    ) async throws -> [TableChange]? {
        guard progress == .renamed else {
            context.emit(
                .log(
                    step: stepID, level: .info,
                    message: "no cutover yet: the application has written nothing to \(cutover.incoming)"))
            return nil
        }
        guard let data = context.loadArtifact(CutoverGuard.targetArtifact),
            let recorded = try? artifactDecoder.decode([TableFingerprint].self, from: data)
        else {
            context.emit(
                .log(
                    step: stepID, level: .warning,
                    message: "the cutover recorded no fingerprints of \(cutover.incoming): "
                        + "writes made since cannot be named; the database is kept as it is"))
            return nil
        }
        // The live name is the new database now; one connection of our own, closed before any rename.
        let conninfo = try ConnInfo.replacingDatabase(context.config.source, with: cutover.live)
        let conn = try await Connection.connect(conninfo, applicationName: "edu-migrate rollback", timeout: 10)
        defer { conn.close() }
        _ = try await conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let now = try await Fingerprints.measure(
            recorded.map(\.table), on: conn, sql: try context.assetText("sql/core/table_fingerprint.sql"))
        _ = try await conn.execute("COMMIT")
        let changes = Fingerprints.changes(before: recorded, after: now)
        context.emit(
            .result(
                step: stepID,
                table: Fingerprints.table(
                    title: "Changes in \(cutover.live) (the new database) since the cutover", role: .targetChanges,
                    before: recorded, after: now)))
        if changes.isEmpty {
            context.emit(
                .checkResult(
                    step: stepID, name: "written since the cutover", status: .pass,
                    evidence: "every table of the new database equals what the cutover recorded"))
        } else {
            context.emit(
                .checkResult(
                    step: stepID, name: "written since the cutover", status: .warn,
                    evidence:
                        "the application changed \(changes.count) table(s) of the new database since the cutover: "
                        + changes.map { "\($0.table) (\($0.summary))" }.joined(separator: ", ")
                        + "; the rollback keeps that database (renamed, never dropped): move those writes to \(cutover.live) by hand"
                ))
        }
        return changes
    }

    /// The name the new database keeps after a rollback when it holds writes made since the
    /// cutover (at most 63 bytes, PostgreSQL's limit).
    static func keptName(_ target: String, stamp: String) -> String {
        let suffix = "_written_after_cutover_" + stamp
        return String(target.utf8.prefix(63 - suffix.utf8.count)).map { $0 + suffix } ?? ("edu" + suffix)
    }
}
