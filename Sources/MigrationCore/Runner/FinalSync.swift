import Foundation

extension MigrationSession {
    /// The final sync (a `sync` step, run by the runner itself): when the freeze found the legacy
    /// database changed since phase 3's copy, the steps of `stages:` (phases 3 and 4) are set back
    /// to pending and run again against the frozen database — the same steps, journaled and
    /// resumable, with their live panels. After a crash mid-sync the steps still pending run
    /// first (a `run` resumes them on its way; this step finishes what is left).
    /// - Returns: the step's outcome.
    func runFinalSync(_ step: Step) async -> StepOutcome {
        let attempt = state.run.step(step.id).attempt + 1
        publish(.stepStarted(step: step.id, attempt: attempt))
        let start = Date()
        let stages = step.list("stages").compactMap { plan.stage($0) }
        let pending = stages.flatMap { state.run.missingRequired(in: $0) }
        guard let record = FreezeRecord.load({ artifacts.load($0) }) else {
            return finishSync(
                step, start,
                failure: StepFailure(
                    code: .notFrozen, message: "the legacy database was not frozen and compared with phase 3's copy",
                    location: step.id, fix: "Run the freeze step before this one (it comes first in this stage)."))
        }
        if record.changes.isEmpty && pending.isEmpty {
            publish(
                .log(
                    step: step.id, level: .info,
                    message: "\(record.database) equals what phase 3 copied: no final sync needed"))
            publish(
                .checkResult(
                    step: step.id, name: "final sync", status: .pass,
                    evidence: "not needed: nothing changed since phase 3"))
            return finishSync(step, start, failure: nil)
        }
        if !record.changes.isEmpty && !options.finalSync {
            return finishSync(
                step, start,
                failure: StepFailure(
                    code: .legacyChanged,
                    message: "\(record.database) changed after phase 3 copied it ("
                        + record.changes.map { "\($0.table): \($0.summary)" }.joined(separator: ", ")
                        + ") and the final sync is off",
                    location: step.id,
                    fix:
                        "Run again without --no-final-sync (phases 3 and 4 re-run against the frozen database), or roll back."
                ))
        }
        if !record.changes.isEmpty {
            let expected = SyncEstimate.seconds(
                stages: stages, run: state.run, changes: record.changes, copy: copiedRows())
            publish(.syncPlanned(step: step.id, changes: record.changes, expectedSeconds: expected))
            let listed = record.changes.map { "\($0.table): \($0.summary)" }.joined(separator: ", ")
            let eta = expected.map { ", expected about \(Int($0.rounded())) s" } ?? ""
            publish(
                .log(
                    step: step.id, level: .notice,
                    message: "final sync: \(record.changes.count) table(s) changed since phase 3 "
                        + "copied them (\(listed)); phases 3 and 4 run again against the frozen \(record.database)\(eta)"
                ))
            // Sign-offs stand: they attest reviews and procedures, not this copy's rows, and a
            // re-sign would stop the window's clock on a screen the operator is not looking at.
            // The re-run checks themselves fail the sync when the new data breaks one.
            let steps = stages.flatMap(\.steps)
            let kept = steps.filter { $0.kind == .signoff && state.run.step($0.id).status.isDone }
            publish(
                .stepsReset(
                    steps: steps.filter { s in !kept.contains { $0.id == s.id } }.map(\.id),
                    reason: "final sync of \(step.id)"))
            if !kept.isEmpty {
                publish(
                    .log(
                        step: step.id, level: .info,
                        message: "final sync keeps the sign-offs of "
                            + kept.map { "\($0.title) (\(state.run.step($0.id).signOff?.operatorName ?? "signed"))" }
                            .joined(separator: ", ")
                            + ": the checks they reviewed run again and stop the sync if one fails"))
            }
        } else {
            publish(
                .log(
                    step: step.id, level: .notice,
                    message: "final sync resumed: \(pending.count) step(s) of "
                        + stages.map(\.id).joined(separator: ", ") + " still to run"))
        }
        let confirmed = preConfirmed
        let verdict = await runStages(stages.map(\.id), stopAtFailure: true)
        preConfirmed = confirmed  // the stage run around this step keeps its confirmation
        switch verdict.outcome {
        case .passed, .warned:
            publish(
                .checkResult(
                    step: step.id, name: "final sync", status: .pass,
                    evidence: "phases 3 and 4 ran again: \(verdict.ran.count) step(s)"))
            return finishSync(step, start, failure: nil)
        default:
            let cancelled = verdict.outcome == .cancelled
            return finishSync(
                step, start,
                failure: StepFailure(
                    code: cancelled ? .cancelled : .syncFailed,
                    message: "final sync stopped: " + (verdict.reason ?? verdict.outcome.rawValue), location: step.id,
                    fix: "The legacy database stays frozen. Fix what the failed step names, then run this stage again: "
                        + "the sync continues with the steps not done yet."))
        }
    }

    private func finishSync(_ step: Step, _ start: Date, failure: StepFailure?) -> StepOutcome {
        let secs = Date().timeIntervalSince(start)
        if let failure {
            publish(.stepFailed(step: step.id, failure: failure, seconds: secs))
            return failure.code == .cancelled ? .cancelled : .failed
        }
        publish(.stepFinished(step: step.id, outcome: .passed, seconds: secs))
        return .passed
    }

    /// The rows phase 3 copied per table (artifact `transfer.fingerprints`).
    private func copiedRows() -> [String: Int64] {
        guard let data = artifacts.load("transfer.fingerprints"),
            let fps = try? JSONDecoder().decode([TableFingerprint].self, from: data)
        else { return [:] }
        return Dictionary(fps.map { ($0.table, $0.rows) }, uniquingKeysWith: { a, _ in a })
    }
}

/// How long the final sync should take: the last run of the stages' steps, scaled by how much
/// the legacy data grew since.
public enum SyncEstimate {
    public static func seconds(stages: [Stage], run: RunState, changes: [TableChange], copy: [String: Int64]) -> Double?
    {
        let times = stages.flatMap(\.steps).compactMap { run.step($0.id).seconds }
        guard !times.isEmpty else { return nil }
        let before = copy.values.reduce(0, +)
        let growth = changes.reduce(Int64(0)) { $0 + (($1.rowsAfter ?? 0) - ($1.rowsBefore ?? 0)) }
        let scale = before > 0 ? max(1, Double(before + growth) / Double(before)) : 1
        return times.reduce(0, +) * scale
    }
}
