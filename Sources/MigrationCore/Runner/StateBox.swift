import Foundation

/// The runner state, folded from every published event in publish order (a hub sink), readable
/// from the session actor. Durable events only: progress does not change what runs next.
final class StateBox: @unchecked Sendable {
    private let lock = NSLock()
    private var state: RunnerState

    init(_ state: RunnerState) { self.state = state }

    var value: RunnerState { lock.withLock { state } }

    func apply(_ record: EventRecord) {
        guard record.event.isDurable else { return }
        lock.withLock { state.apply(record) }
    }
}
