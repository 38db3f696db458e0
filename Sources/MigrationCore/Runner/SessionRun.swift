import Foundation
import Postgres

extension MigrationSession {
    /// Headless: runs every checklist and phase up to `through` (all when nil), resuming at the
    /// first step not done; stops at the first failure or shut gate.
    /// - Returns: the verdict (outcome, one-line reason, steps run).
    public func run(through: String?) async -> RunVerdict {
        announce()
        if let through, plan.stage(through) == nil {
            let v = RunVerdict(
                outcome: .failed,
                reason: "unknown stage '\(through)' for --through (phases: \(plan.phaseIDs.joined(separator: ", ")))",
                ran: [])
            publish(.runFinished(outcome: v.outcome, reason: v.reason))
            return v
        }
        let v = await runStages(state.stages(through: through).map(\.id), stopAtFailure: true)
        publish(.runFinished(outcome: v.outcome, reason: v.reason, notChecked: notChecked(v.ran)))
        return v
    }

    /// Headless: runs one procedure on its own (the rollback, available from any phase; it has
    /// no gate). Destructive steps follow the session's options as in `run(through:)`.
    /// - Returns: the verdict (outcome, one-line reason, steps run).
    public func runProcedure(_ id: String) async -> RunVerdict {
        announce()
        guard let stage = plan.stage(id), stage.kind == .procedure else {
            let names = plan.stages.filter { $0.kind == .procedure }.map(\.id).joined(separator: ", ")
            let v = RunVerdict(outcome: .failed, reason: "unknown procedure '\(id)' (procedures: \(names))", ran: [])
            publish(.runFinished(outcome: v.outcome, reason: v.reason))
            return v
        }
        let v = await runStages([id], stopAtFailure: true)
        publish(.runFinished(outcome: v.outcome, reason: v.reason, notChecked: notChecked(v.ran)))
        return v
    }

    /// Runs the remaining steps of stages in order, gates enforced (the bench runs phases by it).
    @discardableResult
    package func runStages(_ ids: [String], stopAtFailure: Bool) async -> RunVerdict {
        defer { preConfirmed.removeAll() }  // a confirmation holds for this run of the stage only
        var ran: [String] = []
        var warnings: [String] = []
        var windowRounds = 0
        for id in ids {
            guard let stage = plan.stage(id) else {
                return RunVerdict(outcome: .failed, reason: "unknown stage '\(id)'", ran: ran)
            }
            guard state.nextStep(in: stage) != nil else { continue }
            let missing = state.gateMissing(id)
            if !missing.isEmpty {
                publish(.gateBlocked(stage: id, missing: missing))
                return RunVerdict(
                    outcome: .failed, reason: "stage \(id) is gated; not done: \(missing.joined(separator: ", "))",
                    ran: ran)
            }
            if state.run.stageStatus[id] != .running { publish(.stageStarted(stage: id)) }
            if let refused = await confirmBeforeHooks(stage) {
                return RunVerdict(
                    outcome: refused.code == .cancelled ? .cancelled : .failed,
                    reason: "step \(refused.location ?? id) not confirmed: \(refused.message)", ran: ran)
            }
            var stageWarned = false
            // Failed validate steps of this stage: validation is read-only (rolled back), so the
            // following validate steps still run and the stage fails naming every failed one.
            var failedChecks: [(id: String, why: String)] = []
            if StepGraph.applies(to: stage) {
                var g = GraphRound(ran: ran, warnings: warnings)
                await runGraph(stage, &g)
                ran = g.ran
                warnings = g.warnings
                failedChecks = g.failedChecks
                stageWarned = stageWarned || g.warned
                if let stop = g.stop {
                    if stop.outcome != .cancelled || !stop.waiting {
                        publish(.stageFinished(stage: id, outcome: stop.outcome))
                    }
                    return RunVerdict(outcome: stop.outcome, reason: stop.reason, ran: ran)
                }
            }
            while !StepGraph.applies(to: stage),
                let step = stage.steps.first(where: { s in
                    Self.pending(s, state) && !failedChecks.contains { $0.id == s.id }
                })
            {
                if !failedChecks.isEmpty && step.kind != .validate { break }
                let outcome = await execute(step)
                ran.append(step.id)
                switch outcome {
                case .passed: continue
                case .warned:
                    stageWarned = true
                    warnings.append(step.id)
                case .skipped:  // the operator cancelled a wait (sign-off or confirmation)
                    return RunVerdict(outcome: .cancelled, reason: "stopped while waiting for \(step.id)", ran: ran)
                case .failed, .cancelled:
                    let f = state.run.step(step.id).failure
                    let why =
                        f.map {
                            $0.message + ($0.sqlState.map { " (SQLSTATE \($0))" } ?? "")
                                + ($0.fix.map { " — fix: \($0)" } ?? "")
                        }
                        ?? outcome.rawValue
                    if !step.required {
                        publish(
                            .log(
                                step: step.id, level: .warning,
                                message: "optional step \(outcome.rawValue); continuing: \(why)"))
                        stageWarned = true
                        warnings.append(step.id)
                        continue
                    }
                    if outcome == .failed && step.kind == .validate {
                        failedChecks.append((step.id, why))
                        continue
                    }
                    // The cutover found the legacy database changed after all (it was reopened, or
                    // never frozen): freeze, compare and sync again, then the cutover (bounded).
                    if outcome == .failed, state.run.step(step.id).failure?.code == .legacyChanged, windowRounds < 3 {
                        let again = stage.steps.prefix { $0.id != step.id }.filter {
                            $0.kind == .freeze || $0.kind == .sync
                        }
                        if !again.isEmpty {
                            windowRounds += 1
                            publish(
                                .stepsReset(
                                    steps: again.map(\.id) + [step.id],
                                    reason: "the cutover found changes: freeze, compare and sync again"))
                            continue
                        }
                    }
                    publish(.stageFinished(stage: id, outcome: outcome))
                    return RunVerdict(outcome: outcome, reason: "step \(step.id) \(outcome.rawValue): \(why)", ran: ran)
                }
            }
            if let first = failedChecks.first {
                publish(.stageFinished(stage: id, outcome: .failed))
                let reason =
                    failedChecks.count == 1
                    ? "step \(first.id) failed: \(first.why)"
                    : "\(failedChecks.count) validate steps of \(id) failed: "
                        + failedChecks.map { "\($0.id): \($0.why)" }.joined(separator: "; ")
                return RunVerdict(outcome: .failed, reason: reason, ran: ran)
            }
            if state.nextStep(in: stage) != nil {
                return RunVerdict(outcome: .failed, reason: "stage \(id) not complete", ran: ran)
            }
            publish(.stageFinished(stage: id, outcome: stageWarned ? .warned : .passed))
        }
        if !warnings.isEmpty {
            return RunVerdict(
                outcome: .warned, reason: "finished with warnings in: \(warnings.joined(separator: ", "))", ran: ran)
        }
        return RunVerdict(outcome: .passed, reason: nil, ran: ran)
    }

    /// Checks the configuration left out in the steps this run ran ("step: what"), nil when none.
    private func notChecked(_ ran: [String]) -> [String]? {
        let lines = Set(ran).sorted().flatMap { id in
            state.run.step(id).checks.filter { $0.status == .notChecked }.map { "\(id): \($0.evidence)" }
        }
        return lines.isEmpty ? nil : lines
    }

    /// Not done and not an optional step that already failed (`RunnerState.nextStep`'s rule).
    static func pending(_ step: Step, _ state: RunnerState) -> Bool {
        let status = state.run.step(step.id).status
        if !step.required && (status == .failed || status == .cancelled) { return false }
        return !status.isDone
    }

    /// Runs one step on request (gate of its stage enforced).
    func runSingle(_ id: String) async {
        guard let (stage, step) = plan.step(id) else {
            refuse(.unknown("step \(id)"), step: nil)
            return
        }
        let missing = state.gateMissing(stage.id)
        if !missing.isEmpty {
            publish(.gateBlocked(stage: stage.id, missing: missing))
            return
        }
        if state.run.stageStatus[stage.id] == nil { publish(.stageStarted(stage: stage.id)) }
        _ = await execute(step)
        if state.nextStep(in: stage) == nil { publish(.stageFinished(stage: stage.id, outcome: .passed)) }
    }

    /// Executes one step from its start: events, connections, confirmation, failure mapping.
    func execute(_ step: Step) async -> StepOutcome {
        if step.kind == .signoff && options.interactive && options.signOffAs == nil {
            return await waitForSignOff(step)
        }
        if step.kind == .sync { return await runFinalSync(step) }
        let attempt = state.run.step(step.id).attempt + 1
        publish(.stepStarted(step: step.id, attempt: attempt))
        let start = Date()
        let hub = self.hub
        let id = step.id
        let artifacts = self.artifacts
        let conns = StepConnections(
            config: config, applicationName: "edu-migrate",
            onNotice: {
                hub.publish(.log(step: id, level: .notice, message: $0.trimmingCharacters(in: .whitespacesAndNewlines)))
            })
        running[step.id] = conns
        defer { running[step.id] = nil }
        let poller = ServerProgressPoller()
        if ServerProgressPoller.applies(to: step),
            let info = try? StepConnections.conninfo(for: .target, config: config),
            let query = try? String(
                contentsOf: assets.appendingPathComponent("sql/core/server_progress.sql"), encoding: .utf8)
        {
            poller.start(step: step.id, conninfo: info, query: query, publish: { hub.publish($0) })
        }
        defer { poller.stop() }
        var outcome: StepOutcome = .passed
        var failure: StepFailure?
        if step.destructive, preConfirmed.remove(step.id) == nil, let refusal = await confirmDestructive(step) {
            failure = refusal
        }
        if failure == nil {
            var ctx = StepContext(
                config: config, assets: assets, workDir: workDir, attempt: attempt,
                emit: { hub.publish($0) }, connect: { try await conns.connection($0) },
                saveArtifact: { try artifacts.save($0, $1) }, loadArtifact: { artifacts.load($0) },
                isCancelled: { conns.isCancelled }, connectAnother: { try await conns.another($0) },
                plan: plan)
            // A legacy database frozen for the window lets only this tool in (WindowFreeze.swift).
            let entry = FrozenEntry(base: ctx, stepID: step.id)
            ctx.connect = { role in try await entry.connect(role) { try await conns.connection(role) } }
            ctx.connectAnother = { role in try await entry.connect(role) { try await conns.another(role) } }
            do {
                outcome = try await registry.executor(for: step.kind).run(step, context: ctx)
                if conns.isCancelled { throw SqlRunner.cancelled(step) }
            } catch {
                failure = FailureMapping.failure(from: error, step: step)
                if conns.isCancelled { failure = SqlRunner.cancelled(step) }
            }
        }
        conns.closeAll()
        let secs = Date().timeIntervalSince(start)
        if let failure {
            publish(.stepFailed(step: step.id, failure: failure, seconds: secs))
            return failure.code == .cancelled ? .cancelled : .failed
        }
        publish(.stepFinished(step: step.id, outcome: outcome, seconds: secs))
        return outcome
    }

    /// Interactive: waits for the operator's sign-off command (or a cancel).
    private func waitForSignOff(_ step: Step) async -> StepOutcome {
        if state.run.step(step.id).status.isDone { return .passed }
        publish(.log(step: step.id, level: .info, message: "waiting for the operator to sign off: \(step.title)"))
        publish(.signOffRequested(step: step.id))
        let signed = await withCheckedContinuation { signOffWaiters[step.id] = $0 }
        return signed ? .passed : .skipped
    }

    /// Interactive runs: when operator hooks (stop services, maintenance on) come before a
    /// destructive step of the stage, its typed confirmation is asked first, before they take the
    /// application down; cancelled, nothing of the stage has run. Nil when confirmed or not needed.
    private func confirmBeforeHooks(_ stage: Stage) async -> StepFailure? {
        guard options.interactive,
            let destructive = stage.steps.first(where: { $0.destructive && Self.pending($0, state) })
        else { return nil }
        let ahead = stage.steps.prefix { $0.id != destructive.id }.filter { Self.pending($0, state) }
        guard ahead.contains(where: { $0.kind == .command }) else { return nil }
        // Its preview (a step of the same kind that changes nothing: the sessions it will end, the
        // renames) runs first, so the question shows what the operator confirms.
        for preview in ahead where preview.kind == destructive.kind && preview.param("preview") == "true" {
            _ = await execute(preview)
        }
        publish(
            .log(
                step: destructive.id, level: .info,
                message: "confirm first: the steps before it ("
                    + ahead.map(\.title).joined(separator: ", ") + ") take the application down"))
        if var refusal = await confirmDestructive(destructive, runs: ahead.map(\.id) + [destructive.id]) {
            refusal.location = destructive.id
            publish(
                .log(step: destructive.id, level: .warning, message: "not confirmed: nothing of \(stage.title) ran"))
            publish(
                .confirmationDeclined(step: destructive.id, reason: "nothing of \(stage.title) ran: \(refusal.message)")
            )
            return refusal
        }
        // The hooks are about to take the application down: first make sure the step after
        // them can reach the server at all, or the application would be down for nothing.
        do {
            let conn = try await Connection.connect(
                try StepConnections.conninfo(for: .admin, config: config),
                applicationName: "edu-migrate", timeout: 10)
            conn.close()
        } catch {
            var f = FailureMapping.failure(from: error, step: destructive)
            f.message = "nothing of \(stage.title) ran: the server cannot be reached (\(f.message))"
            publish(.log(step: destructive.id, level: .warning, message: "not confirmed: " + f.message))
            publish(.confirmationDeclined(step: destructive.id, reason: f.message))
            return f
        }
        preConfirmed.insert(destructive.id)
        return nil
    }

    /// The database name the operator must type to confirm a destructive step: the one it
    /// destroys or renames. A rollback before the cutover drops the new database, so that name.
    func confirmationName(_ step: Step) -> String {
        if let name = step.param("confirm") { return name }
        let legacy = ConnInfo.value("dbname", in: config.source) ?? config.targetDatabase
        guard step.kind == .rollback else { return legacy }
        let path = step.param("path") ?? "auto"
        let cutoverStarted = plan.stages.flatMap(\.steps).contains { s in
            let st = state.run.step(s.id)
            guard s.kind == .cutover && s.destructive && st.status != .pending else { return false }
            // refused: renamed nothing
            return ![StepFailure.Code.notConfirmed, .needsConfirmation].contains(st.failure?.code)
        }
        return path == "drop-new" || (path == "auto" && !cutoverStarted) ? config.targetDatabase : legacy
    }

    /// Nil when confirmed; otherwise the failure to record.
    private func confirmDestructive(_ step: Step, runs: [String]? = nil) async -> StepFailure? {
        let expected = confirmationName(step)
        guard options.interactive else {
            if options.allowDestructive { return nil }
            return StepFailure(
                code: .needsConfirmation, message: "destructive step refused in a headless run",
                location: step.id, fix: "run it from the wizard, or pass --allow-destructive")
        }
        publish(
            .log(
                step: step.id, level: .warning,
                message: "destructive step: type the database name '\(expected)' to confirm"))
        publish(.confirmationRequested(step: step.id, typed: expected, runs: runs ?? [step.id]))
        let typed = await withCheckedContinuation { confirmWaiters[step.id] = $0 }
        guard let typed else { return SqlRunner.cancelled(step) }
        if typed != expected {
            return StepFailure(
                code: .notConfirmed, message: CommandRefusal.wrongConfirmation(step.id).description,
                location: step.id, fix: "type exactly '\(expected)'")
        }
        // On the record (journal, report): the point of no return was confirmed, and when.
        publish(.log(step: step.id, level: .notice, message: "confirmed: the database name '\(expected)' was typed"))
        return nil
    }
}
