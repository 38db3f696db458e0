import Foundation

/// Fans events out to many consumers. Each consumer has its own queue: durable events are
/// never dropped, progress events coalesce per (step, item) while a consumer lags, and
/// publishing never waits for a consumer. Sinks (journal, log file) run synchronously, in order.
public final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private let sinkLock = NSLock()
    private var seq: Int
    private var history: [EventRecord] = []
    private var lastProgress: [String: EventRecord] = [:]
    private var subscribers: [ObjectIdentifier: Subscriber] = [:]
    private var sinks: [@Sendable (EventRecord) -> Void] = []
    private var closed = false

    /// - Parameter history: earlier records (a resumed journal) replayed to every subscriber.
    public init(history: [EventRecord] = []) {
        self.history = history.filter(\.event.isDurable)
        self.seq = history.last?.seq ?? 0
    }

    /// Adds a synchronous consumer (journal, log file); it sees each record once, in order.
    public func addSink(_ sink: @escaping @Sendable (EventRecord) -> Void) {
        lock.lock()
        sinks.append(sink)
        lock.unlock()
    }

    /// Publishes an event to the sinks and every subscriber.
    @discardableResult
    public func publish(_ event: MigrationEvent, at date: Date = Date()) -> EventRecord {
        sinkLock.lock()
        defer { sinkLock.unlock() }
        lock.lock()
        seq += 1
        let record = EventRecord(seq: seq, at: date, event: event)
        if event.isDurable { history.append(record) } else if let k = Subscriber.key(event) { lastProgress[k] = record }
        let subs = Array(subscribers.values)
        let sinks = self.sinks
        lock.unlock()
        for s in sinks { s(record) }
        for s in subs { s.push(record) }
        return record
    }

    /// A new subscription: replays the durable history and the latest progress, then follows.
    public func subscribe() -> AsyncStream<EventRecord> {
        let sub = Subscriber()
        lock.lock()
        let replay = (history + lastProgress.values).sorted { $0.seq < $1.seq }
        for r in replay { sub.push(r) }
        if closed { sub.finish() } else { subscribers[ObjectIdentifier(sub)] = sub }
        lock.unlock()
        let id = ObjectIdentifier(sub)
        return AsyncStream(
            unfolding: { await sub.next() },
            onCancel: { [weak self] in
                self?.remove(id)
                sub.finish()
            })
    }

    /// Ends every subscription once its queue is drained.
    public func close() {
        lock.lock()
        closed = true
        let subs = Array(subscribers.values)
        subscribers = [:]
        lock.unlock()
        for s in subs { s.finish() }
    }

    /// The durable records so far (what a new subscriber replays).
    public var durableHistory: [EventRecord] {
        lock.lock()
        defer { lock.unlock() }
        return history
    }

    /// Number of live subscriptions.
    public var subscriberCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return subscribers.count
    }

    private func remove(_ id: ObjectIdentifier) {
        lock.lock()
        subscribers[id] = nil
        lock.unlock()
    }
}
