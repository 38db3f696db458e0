import Foundation
import Postgres

/// How a session behaves towards the operator.
public struct SessionOptions: Sendable {
    /// Headless: manual items are signed as this name (recorded as non-interactive).
    public var signOffAs: String?
    /// Headless runs refuse destructive steps unless this is set.
    public var allowDestructive: Bool
    /// Interactive: unsigned manual items and destructive steps wait for the operator's command.
    public var interactive: Bool
    /// When the window finds the legacy database changed since phase 3, re-run phases 3-4
    /// against it (the final sync); false: stop with the changed tables named.
    public var finalSync: Bool
    public init(
        signOffAs: String? = nil, allowDestructive: Bool = false, interactive: Bool = false, finalSync: Bool = true
    ) {
        self.signOffAs = signOffAs
        self.allowDestructive = allowDestructive
        self.interactive = interactive
        self.finalSync = finalSync
    }
}

/// The verdict of a run.
public struct RunVerdict: Sendable, Equatable {
    public var outcome: StepOutcome
    /// One line for stderr when the outcome is not `passed`.
    public var reason: String?
    /// Steps executed by this run, in order.
    public var ran: [String]
}

/// The core's engine: executes commands, runs steps through executors, publishes events that
/// the journal, the log file and the front ends consume. One per work directory (locked).
public actor MigrationSession: MigrationControl {
    public nonisolated let plan: Plan
    public nonisolated let hub: EventHub
    let config: MigrationConfig
    let assets: URL
    let workDir: URL
    let registry: ExecutorRegistry
    let options: SessionOptions
    let artifacts: ArtifactStore
    private let lock: WorkLock
    let journal: Journal
    let logFile: LogFile
    let box: StateBox
    var state: RunnerState { box.value }
    /// The steps executing now with their connections (several when a stage runs as a graph).
    var running: [String: StepConnections] = [:]
    /// Set by a cancel while steps run: a graph stage starts no further step in this run.
    var cancelRequested = false
    var task: Task<Void, Never>?
    var signOffWaiters: [String: CheckedContinuation<Bool, Never>] = [:]
    var confirmWaiters: [String: CheckedContinuation<String?, Never>] = [:]
    /// Destructive steps confirmed when their stage started (before the hooks ahead of them took
    /// the application down); they do not ask again when they start.
    var preConfirmed: Set<String> = []
    var started = false

    /// Opens a work directory: takes its lock, replays its journal, opens a new log file.
    /// - Throws: `WorkDirectoryLocked` naming the holder when another instance uses it.
    public init(
        plan: Plan, config: MigrationConfig, assets: URL, registry: ExecutorRegistry,
        options: SessionOptions = SessionOptions(), workDir: URL? = nil
    ) throws {
        self.plan = plan
        self.config = config
        self.assets = assets
        self.registry = registry
        self.options = options
        let dir = workDir ?? URL(fileURLWithPath: config.workDir)
        self.workDir = dir
        self.lock = try WorkLock(workDir: dir)
        let history = Journal.read(workDir: dir)
        var st = RunnerState(plan: plan)
        for r in history { st.apply(r) }
        let box = StateBox(st)
        self.box = box
        self.journal = try Journal(workDir: dir)
        self.logFile = try LogFile(workDir: dir)
        self.artifacts = ArtifactStore(workDir: dir)
        let hub = EventHub(history: history)
        let journal = self.journal
        let logFile = self.logFile
        hub.addSink {
            journal.append($0)
            logFile.write($0)
            box.apply($0)
        }
        self.hub = hub
    }

    /// The journal's path, for messages.
    public nonisolated var journalURL: URL { journal.url }
    /// The log file's path, for messages.
    public nonisolated var logURL: URL { logFile.url }

    public nonisolated func subscribe() -> AsyncStream<EventRecord> { hub.subscribe() }

    /// Current derived state (for the front ends and tests).
    public var runState: RunState { state.run }

    /// Publishes an event (the state folds it in through the hub's sink).
    @discardableResult
    package func publish(_ event: MigrationEvent) -> EventRecord {
        hub.publish(event)
    }

    /// Announces the run once: started or resumed, with steps a crash interrupted.
    func announce() {
        guard !started else { return }
        started = true
        let resumed = state.run.lastSeq > 0
        publish(
            .runStarted(
                runID: UUID().uuidString.prefix(8).lowercased(), planStages: plan.stages.map(\.id), resumed: resumed))
        publish(
            .log(
                step: nil, level: .info,
                message: "work directory \(workDir.path); source \(Redact.secrets(ConnInfo.redacted(config.source)))"))
        for id in state.interruptedSteps {
            publish(
                .log(
                    step: id, level: .warning,
                    message:
                        "step was interrupted (the previous run stopped mid-step); it will be re-run from its start"))
        }
    }

    public func send(_ command: MigrationCommand) async {
        announce()
        switch command {
        case .runStage(let id):
            if let refusal = state.checkRolledBack(stageOf: id) {
                refuse(refusal, step: nil)
                return
            }
            launch { await $0.runStages([id], stopAtFailure: true) }
        case .runStep(let id):
            if let refusal = state.checkRolledBack(stageOf: id) {
                refuse(refusal, step: id)
                return
            }
            launch { await $0.runSingle(id) }
        case .retry(let id):
            if let refusal = state.checkRolledBack(stageOf: id) ?? state.checkRetry(step: id) {
                refuse(refusal, step: id)
            } else {
                launch { await $0.runSingle(id) }
            }
        case .signOff(let step, let name, let evidence):
            // After a rollback only the rollback procedure's own items are still signed.
            if let refusal = state.checkRolledBack(stageOf: step) ?? state.checkSignOff(step: step, operatorName: name)
            {
                refuse(refusal, step: step)
                return
            }
            publish(.signedOff(SignOff(stepID: step, operatorName: name, at: Date(), evidence: evidence)))
            signOffWaiters.removeValue(forKey: step)?.resume(returning: true)
        case .undoSignOff(let step):
            if let refusal = state.checkUndo(step: step) {
                refuse(refusal, step: step)
                return
            }
            publish(
                .log(
                    step: step, level: .notice,
                    message:
                        "sign-off withdrawn: \(plan.step(step)?.step.title ?? step) (signed by \(state.run.step(step).signOff?.operatorName ?? "?")); it waits for a sign-off again"
                ))
            publish(.signOffUndone(step: step, operatorName: state.run.step(step).signOff?.operatorName ?? "?"))
        case .overrideGate(let stage, let reason, let name):
            if let refusal = state.checkOverride(stage: stage, reason: reason, operatorName: name) {
                refuse(refusal, step: nil)
                return
            }
            publish(.gateOverridden(stage: stage, reason: reason, operatorName: name))
        case .confirm(let step, let typed): confirmWaiters.removeValue(forKey: step)?.resume(returning: typed)
        case .cancel: cancelCurrent()
        }
    }

    func refuse(_ r: CommandRefusal, step: String?) {
        publish(.log(step: step, level: .warning, message: "refused: \(r.description)"))
        publish(.commandRefused(step: step, reason: r.code, message: r.description))
    }

    private func launch(_ body: @escaping @Sendable (MigrationSession) async -> Void) {
        if let cur = running.keys.sorted().first {
            refuse(.busy(cur), step: nil)
            return
        }
        if task != nil {
            // Nothing executes while a stage run waits for the operator: say for what.
            if let waiting = (signOffWaiters.keys.sorted() + confirmWaiters.keys.sorted()).first {
                refuse(.waiting(waiting, confirmation: confirmWaiters[waiting] != nil), step: nil)
            } else {
                refuse(.busy("(a stage run)"), step: nil)
            }
            return
        }
        task = Task {
            await body(self)
            self.clearTask()
        }
    }

    private func clearTask() { task = nil }

    /// Waits until the launched work (if any) has finished.
    public func waitIdle() async { await task?.value }

    /// Cancels the running steps: their statements are cancelled and transactions rolled back;
    /// waits for a sign-off or confirmation end too.
    func cancelCurrent() {
        if !running.isEmpty { cancelRequested = true }
        for conns in running.values { conns.cancelAll() }
        for (_, c) in signOffWaiters { c.resume(returning: false) }
        signOffWaiters = [:]
        for (_, c) in confirmWaiters { c.resume(returning: nil) }
        confirmWaiters = [:]
    }

    /// Ends the session: subscribers finish, the lock is released.
    public func close() {
        hub.close()
        lock.release()
    }
}
