import Foundation

/// One consumer's queue: durable events in order, progress/statement events coalesced per
/// (step, item) while the consumer has not taken the previous one. Never blocks the producer.
final class Subscriber: @unchecked Sendable {
    private enum Entry { case record(EventRecord), latest(String) }

    private let lock = NSLock()
    private var queue: [Entry] = []
    private var head = 0
    private var latest: [String: EventRecord] = [:]
    private var waiter: CheckedContinuation<EventRecord?, Never>?
    private var finished = false
    /// How many progress events were folded into a newer one (for tests and diagnostics).
    private(set) var coalesced = 0

    /// The coalescing key of a non-durable event.
    static func key(_ e: MigrationEvent) -> String? {
        switch e {
        case .progress(let step, let item, _, _, _): return "p|\(step)|\(item ?? "")"
        case .statement(let step, _): return "s|\(step)"
        default: return nil
        }
    }

    func push(_ record: EventRecord) {
        lock.lock()
        if finished {
            lock.unlock()
            return
        }
        if let w = waiter {
            waiter = nil
            lock.unlock()
            w.resume(returning: record)
            return
        }
        if !record.event.isDurable, let k = Self.key(record.event) {
            if latest[k] != nil { coalesced += 1 } else { queue.append(.latest(k)) }
            latest[k] = record
        } else {
            queue.append(.record(record))
        }
        lock.unlock()
    }

    func finish() {
        lock.lock()
        finished = true
        let w = waiter
        waiter = nil
        lock.unlock()
        w?.resume(returning: nil)
    }

    /// The next event, waiting if none is queued; nil once finished and drained.
    func next() async -> EventRecord? {
        await withCheckedContinuation { (c: CheckedContinuation<EventRecord?, Never>) in
            lock.lock()
            if let r = popLocked() {
                lock.unlock()
                c.resume(returning: r)
                return
            }
            if finished {
                lock.unlock()
                c.resume(returning: nil)
                return
            }
            waiter = c
            lock.unlock()
        }
    }

    var pendingCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return queue.count - head
    }

    private func popLocked() -> EventRecord? {
        while head < queue.count {
            let e = queue[head]
            head += 1
            if head > 1024 {
                queue.removeFirst(head)
                head = 0
            }
            switch e {
            case .record(let r): return r
            case .latest(let k): if let r = latest.removeValue(forKey: k) { return r }
            }
        }
        return nil
    }
}
