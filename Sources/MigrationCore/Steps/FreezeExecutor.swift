import Foundation
import Postgres

/// Runs `freeze` steps (maintenance window, after the final backup): the legacy database is
/// frozen (new connections refused, superusers included; every other session ended; no prepared
/// transaction left), then every legacy table's fingerprint is compared with the one phase 3's
/// copy took in its snapshot. The changed tables (rows before and now) are the `legacy-changes`
/// result and the `window.freeze` artifact; the `sync` step after it re-runs phases 3 and 4 when
/// anything changed. The database stays frozen until the cutover renames it.
public struct FreezeExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let swap = try CutoverExecutor.swap(context.config, stepID: step.id)
        let admin = try await context.connect(.admin)
        let gate = DatabaseGate(admin: admin, context: context, stepID: step.id)
        // This tool's connections are opened before the freeze: once it is on, nobody can connect.
        var conns = [try await context.connect(.source)]
        if let another = context.connectAnother { conns.append(try await another(.source)) }
        let ended = try await WindowFreeze.freeze(swap.live, keep: conns, gate: gate)
        let frozenAt = FreezeRecord.load(context)?.frozenAt ?? Date()
        var record = FreezeRecord(
            database: swap.live, frozenAt: frozenAt, verifiedAt: nil,
            reopenedAt: FreezeRecord.load(context)?.reopenedAt, changes: [])
        try record.save(context)  // from here on the database is ours: a restart reopens it only through the tool
        context.emit(
            .checkResult(
                step: step.id, name: "legacy database frozen", status: .pass,
                evidence:
                    "\(swap.live) refuses new connections; \(ended.rows.count) session(s) ended; no prepared transaction"
            ))
        if !ended.rows.isEmpty { context.emit(.result(step: step.id, table: ended)) }

        let copy = try await WindowFreeze.copyFingerprints(context)
        let manifest = try LegacyManifest.load(assets: context.assets).tables.map(\.name)
        let tables = copy.isEmpty ? manifest : copy.map(\.table)
        let started = Date()
        context.emit(
            .statement(step: step.id, label: "fingerprints of \(tables.count) tables of the frozen \(swap.live)"))
        let now = try await WindowFreeze.legacyFingerprints(tables, conns: conns, context: context, stepID: step.id)
        let seconds = Date().timeIntervalSince(started)
        let checkedAt = Date()
        let changes =
            copy.isEmpty
            ? now.map { TableChange(table: $0.table, rowsBefore: nil, rowsAfter: $0.rows) }
            : Fingerprints.changes(before: copy, after: now)
        var table = Fingerprints.table(
            title: "Changes in \(swap.live) since phase 3's copy", role: .legacyChanges, before: copy, after: now)
        // a change is what the final sync is for, not a failure
        table.status = table.status?.map { $0 == .fail ? .warn : $0 }
        context.emit(.result(step: step.id, table: table))
        context.emit(
            .log(
                step: step.id, level: .info,
                message: String(
                    format: "fingerprints of %d tables (%lld rows) in %.1f s",
                    now.count, now.reduce(Int64(0)) { $0 + $1.rows }, seconds)))
        record.changes = changes
        record.verifiedAt = changes.isEmpty ? checkedAt : nil
        try record.save(context)
        if copy.isEmpty {
            context.emit(
                .checkResult(
                    step: step.id, name: "changes since phase 3", status: .warn,
                    evidence: "phase 3 recorded no fingerprints: the final sync copies every table again"))
        } else {
            context.emit(
                .checkResult(
                    step: step.id, name: "changes since phase 3", status: changes.isEmpty ? .pass : .warn,
                    evidence: changes.isEmpty
                        ? "every table equals what phase 3 copied: no final sync needed"
                        : "\(changes.count) table(s) changed: "
                            + changes.map { "\($0.table) (\($0.summary))" }.joined(separator: ", ")))
        }
        return .passed
    }
}
