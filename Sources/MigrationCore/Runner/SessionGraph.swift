import Foundation

/// What one graph run of a stage leaves for `runStages`: the steps it ran, warnings, failed
/// checks, and why it stopped early (nil: every step it could run has run).
struct GraphRound {
    var ran: [String]
    var warnings: [String]
    var failedChecks: [(id: String, why: String)] = []
    var warned = false
    var stop: (outcome: StepOutcome, reason: String, waiting: Bool)?
}

extension MigrationSession {
    /// How many steps of a graph stage run at once: the cores (at least 2), or
    /// `migration.parallel` from the configuration.
    var graphWidth: Int { max(1, config.parallelSteps ?? max(2, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Runs a stage's pending steps as its `StepGraph` allows, up to `graphWidth` at once. Each
    /// step is executed, journaled and cancellable as on its own; a failure stops new starts and
    /// lets the steps already running end (each is its own transaction), then reports the first
    /// failure. After a failed check (validate) the remaining checks still run, as in a
    /// sequence, and no other kind of step starts.
    func runGraph(_ stage: Stage, _ g: inout GraphRound) async {
        let graph = StepGraph(stage)
        let steps = Dictionary(uniqueKeysWithValues: stage.steps.map { ($0.id, $0) })
        var done = Set(stage.steps.filter { !Self.pending($0, state) }.map(\.id))
        var started = done
        let width = graphWidth
        cancelRequested = false
        defer { cancelRequested = false }
        await withTaskGroup(of: (String, StepOutcome).self) { group in
            var active = 0
            func launch() {
                // After a cancel nothing new starts: a step that ended just as the operator
                // cancelled must not hand its connection slot to the next one.
                guard g.stop == nil, !cancelRequested else { return }
                for id in graph.ready(done: done, started: started) where active < width {
                    guard let step = steps[id] else { continue }
                    // After a failed check only the other checks run (as in a sequence).
                    if !g.failedChecks.isEmpty && step.kind != .validate { continue }
                    started.insert(id)
                    active += 1
                    group.addTask { (id, await self.execute(step)) }
                }
            }
            launch()
            while let (id, outcome) = await group.next() {
                active -= 1
                g.ran.append(id)
                let step = steps[id]!
                switch outcome {
                case .passed: done.insert(id)
                case .warned:
                    done.insert(id)
                    g.warned = true
                    g.warnings.append(id)
                case .skipped:
                    if g.stop == nil { g.stop = (.cancelled, "stopped while waiting for \(id)", true) }
                case .failed, .cancelled:
                    let why = failureText(id, outcome)
                    if !step.required {
                        publish(
                            .log(
                                step: id, level: .warning,
                                message: "optional step \(outcome.rawValue); continuing: \(why)"))
                        g.warned = true
                        g.warnings.append(id)
                        done.insert(id)
                    } else if outcome == .failed && step.kind == .validate {
                        // Checks are read-only: the checks after it still run (as in a sequence);
                        // nothing else starts once one failed (`launch`).
                        g.failedChecks.append((id, why))
                        done.insert(id)
                    } else if g.stop == nil {
                        g.stop = (outcome, "step \(id) \(outcome.rawValue): \(why)", false)
                    }
                }
                launch()
            }
            if cancelRequested && g.stop == nil { g.stop = (.cancelled, "cancelled by the operator", false) }
        }
    }

    /// The failure of a step as one line: message, SQLSTATE, fix.
    func failureText(_ id: String, _ outcome: StepOutcome) -> String {
        let f = state.run.step(id).failure
        return f.map {
            $0.message + ($0.sqlState.map { " (SQLSTATE \($0))" } ?? "") + ($0.fix.map { " — fix: \($0)" } ?? "")
        }
            ?? outcome.rawValue
    }
}
