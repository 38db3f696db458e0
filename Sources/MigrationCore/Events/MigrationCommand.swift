import Foundation

/// What a front end asks the core to do. The TUI never runs SQL; it sends these.
public enum MigrationCommand: Sendable, Equatable {
    /// Run the remaining steps of a stage (gates enforced).
    case runStage(String)
    /// Run one step (gates of its stage enforced).
    case runStep(String)
    /// Sign a manual item as this operator; `evidence` is what the screen showed.
    case signOff(step: String, operatorName: String, evidence: String?)
    /// Withdraw a sign-off until the stage it gates has started.
    case undoSignOff(step: String)
    /// Open a gate anyway; the reason is recorded.
    case overrideGate(stage: String, reason: String, operatorName: String)
    /// Confirm a destructive step by typing the database name.
    case confirm(step: String, typed: String)
    /// Cancel the running step: the statement is cancelled and its transaction rolled back.
    case cancel
    /// Run a failed or cancelled step again from its start.
    case retry(String)
}

/// The core as front ends see it: a stream of events in, commands out.
public protocol MigrationControl: Sendable {
    /// The plan being run.
    var plan: Plan { get }
    /// A new subscription; it first replays the events so far, then follows live ones.
    /// Slow consumers lose coalescable progress events, never durable ones.
    func subscribe() -> AsyncStream<EventRecord>
    /// Ask the core to do something; the answer arrives as events.
    func send(_ command: MigrationCommand) async
}
