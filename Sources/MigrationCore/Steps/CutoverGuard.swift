import Foundation
import Postgres

/// The cutover's proof that no write is left behind: before the first rename the frozen legacy
/// database must equal phase 3's copy (by fingerprint), with no gap in which another session
/// could write; after the renames the retired database must still hold the copied rows.
/// Records the new database's fingerprints (`cutover.target_fingerprints`) for a later rollback.
struct CutoverGuard {
    static let targetArtifact = "cutover.target_fingerprints"
    let swap: DatabaseSwap
    let admin: Connection
    let context: StepContext
    let stepID: String

    private var gate: DatabaseGate { DatabaseGate(admin: admin, context: context, stepID: stepID) }

    /// Freezes the legacy database (if the window has not) and compares it with the copy.
    /// Trusts the window's comparison when nothing could have written since: still frozen, no
    /// other session, not reopened after it was verified. Else fingerprints it again now.
    /// - Returns: the copy's fingerprints (empty for a plan without a transfer).
    /// - Throws: `StepFailure` `legacy-changed` naming every changed table; nothing is renamed.
    func requireLegacyEqualsCopy() async throws -> [TableFingerprint] {
        let copy = try await WindowFreeze.copyFingerprints(context)
        guard !copy.isEmpty else {
            context.emit(
                .log(
                    step: stepID, level: .warning,
                    message: "no fingerprints of phase 3's copy in \(swap.incoming): "
                        + "the legacy database cannot be compared with it (a plan without a transfer step)"))
            return []
        }
        let record = FreezeRecord.load(context)
        let stillFrozen = try await gate.isBlocked(swap.live) == true
        // While it is frozen only this tool can have been on it: backends of its own steps that
        // just closed can still be listed for a moment, so wait for them to go.
        var others = try await gate.sessions([swap.live])
        for _ in 0..<30 where stillFrozen && !others.rows.isEmpty {
            try await Task.sleep(nanoseconds: 100_000_000)
            others = try await gate.sessions([swap.live])
        }
        try await gate.requireNoPreparedTransactions([swap.live])
        let targetTask = Task { try await fingerprintTarget() }
        if let record, record.verifiedStillValid, stillFrozen, others.rows.isEmpty {
            context.emit(
                .checkResult(
                    step: stepID, name: "legacy equals the copy", status: .pass,
                    evidence:
                        "\(swap.live) frozen since \(Self.clock(record.frozenAt)), verified equal to the copy at "
                        + "\(Self.clock(record.verifiedAt ?? record.frozenAt)); no session since"))
        } else {
            var conns = [try await context.connect(.source)]
            if let another = context.connectAnother { conns.append(try await another(.source)) }
            _ = try await WindowFreeze.freeze(swap.live, keep: conns, gate: gate)
            let now = try await WindowFreeze.legacyFingerprints(
                copy.map(\.table), conns: conns, context: context, stepID: stepID)
            for c in conns { c.close() }  // the renames need the database without sessions, ours included
            let changes = Fingerprints.changes(before: copy, after: now)
            context.emit(
                .result(
                    step: stepID,
                    table: Fingerprints.table(
                        title: "Changes in \(swap.live) since phase 3's copy", role: .legacyChanges, before: copy,
                        after: now)))
            guard changes.isEmpty else {
                targetTask.cancel()
                throw StepFailure(
                    code: .legacyChanged,
                    message: "\(swap.live) changed after phase 3 copied it ("
                        + changes.map { "\($0.table): \($0.summary)" }.joined(separator: ", ")
                        + "): renaming now would leave those writes behind in \(swap.retireAs). Nothing was renamed.",
                    location: stepID,
                    fix: "Keep the application stopped and run the stage again: it freezes \(swap.live), compares it "
                        + "and runs the final sync (phases 3 and 4 against the frozen database), then the cutover.")
            }
            context.emit(
                .checkResult(
                    step: stepID, name: "legacy equals the copy", status: .pass,
                    evidence: "\(now.count) tables of the frozen \(swap.live) have the fingerprints of phase 3's copy"))
        }
        let target = try await targetTask.value
        try context.saveArtifact(Self.targetArtifact, try artifactEncoder.encode(target))
        return copy
    }

    /// The new database's fingerprints before anyone else can write to it.
    private func fingerprintTarget() async throws -> [TableFingerprint] {
        let conn: Connection
        if let another = context.connectAnother {
            conn = try await another(.target)
        } else {
            conn = try await context.connect(.target)
        }
        let tables = try await conn.query(try context.assetText("sql/core/target_tables.sql")).rows.compactMap {
            $0["table_name"]
        }
        let started = Date()
        let found = try await Fingerprints.measure(
            tables, on: conn, sql: try context.assetText("sql/core/table_fingerprint.sql"))
        if context.connectAnother != nil { conn.close() }  // the rename needs the database without sessions
        context.emit(
            .log(
                step: stepID, level: .info,
                message: String(
                    format:
                        "fingerprints of the %d tables of %@ in %.1f s (a rollback names what changes after the cutover)",
                    found.count, swap.incoming, Date().timeIntervalSince(started))))
        return found
    }

    /// After the renames: the retired legacy database still holds the rows phase 3 copied. A
    /// difference is a failure with the way back named, never a warning.
    /// - Parameter copy: the copy's fingerprints read before the renames (else the transfer's artifact).
    /// - Returns: `.warned` when nothing recorded what to compare with.
    func verifyRetired(_ copy: [TableFingerprint]) async throws -> StepOutcome {
        let copy = copy.isEmpty ? Self.transferArtifact(context) : copy
        guard !copy.isEmpty else {
            return try await PreMigrationCounts.verify(
                database: swap.retireAs, strict: false, context: context, stepID: stepID)
        }
        let conninfo = try ConnInfo.replacingDatabase(context.config.source, with: swap.retireAs)
        let found = try await PreMigrationCounts.measure(
            conninfo: conninfo, tables: copy.map(\.table), context: context)
        let expected = copy.map { TableCount(tableName: $0.table, count: $0.rows) }
        let (table, ok) = PreMigrationCounts.compare(
            expected, found, title: "Rows of \(swap.retireAs) after the renames vs phase 3's copy")
        context.emit(.result(step: stepID, table: table))
        guard !ok else { return .passed }
        let differ = zip(table.rows, table.status ?? []).filter { $0.1 == .fail }.map {
            "\($0.0[0]) \($0.0[1]) → \($0.0[2])"
        }
        throw StepFailure(
            code: "cutover-verify",
            message: "after the renames \(swap.retireAs) does not hold the rows phase 3 copied ("
                + differ.joined(separator: ", ") + "): something wrote to it between the check and the rename",
            location: stepID,
            fix: "Keep the application stopped. Reverse the renames with the rollback (fast path: "
                + "edu-migrate rollback --path fast), then run the deployment stage again.")
    }

    /// The fingerprints the last transfer recorded in the work directory.
    static func transferArtifact(_ context: StepContext) -> [TableFingerprint] {
        context.loadArtifact("transfer.fingerprints").flatMap {
            try? artifactDecoder.decode([TableFingerprint].self, from: $0)
        } ?? []
    }

    static func clock(_ d: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.dateFormat = "HH:mm:ss"
        return f.string(from: d)
    }
}
