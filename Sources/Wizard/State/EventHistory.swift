import Foundation
import MigrationCore

/// The durable events the wizard has received, in order: what the success criteria and the health
/// watch dashboard are computed from (progress and statement events are left out).
///
/// A value with an append-only buffer shared between copies, so copying a `WizardState` (the reducer
/// and the render loop do it for every input) costs nothing. A copy sees only the first `count`
/// records; appending to a copy that is behind the buffer forks the buffer, so values never change
/// under each other.
public struct EventHistory: Sendable, Equatable {
    private final class Buffer: @unchecked Sendable {
        let lock = NSLock()
        var records: [EventRecord]
        init(_ records: [EventRecord] = []) { self.records = records }
    }

    private var buffer = Buffer()
    /// Number of records this value holds.
    public private(set) var count = 0
    /// Sequence number of the newest record (0 when empty).
    public private(set) var lastSeq = 0

    public init() {}

    /// Records `record` when it is durable (it would reach the journal).
    public mutating func append(_ record: EventRecord) {
        guard record.event.isDurable else { return }
        buffer.lock.lock()
        if buffer.records.count == count {
            buffer.records.append(record)
            buffer.lock.unlock()
        } else {
            let mine = Array(buffer.records.prefix(count)) + [record]
            buffer.lock.unlock()
            buffer = Buffer(mine)
        }
        count += 1
        lastSeq = record.seq
    }

    /// The records, oldest first.
    public var records: [EventRecord] {
        buffer.lock.lock()
        defer { buffer.lock.unlock() }
        return Array(buffer.records.prefix(count))
    }

    /// The records of the last attempt of `step`: from its last `stepStarted` on, events about it only.
    /// Scans back from the newest record without copying the history (the dashboard asks every frame).
    public func lastAttempt(of step: String) -> [EventRecord] {
        buffer.lock.lock()
        defer { buffer.lock.unlock() }
        let mine = buffer.records.prefix(count)
        let start = mine.lastIndex { if case .stepStarted(step, _) = $0.event { return true } else { return false } }
        guard let start else { return [] }
        return mine[start...].filter { $0.event.stepID == step }
    }

    public static func == (a: EventHistory, b: EventHistory) -> Bool {
        a.count == b.count && a.lastSeq == b.lastSeq
    }
}
