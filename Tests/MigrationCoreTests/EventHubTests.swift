import Foundation
import Testing
@testable import MigrationCore

@Suite struct EventHubTests {
    /// A consumer that never reads while the producer publishes a flood: the producer finishes,
    /// every durable event reaches the consumer in order, progress is coalesced to a few.
    @Test func stalledConsumerNeverBlocksAndLosesNoDurableEvent() async throws {
        let hub = EventHub()
        let stalled = hub.subscribe()
        let fast = hub.subscribe()
        let fastCount = Task { () -> (durable: Int, total: Int) in
            var d = 0
            var t = 0
            for await r in fast {
                t += 1
                if r.event.isDurable { d += 1 }
            }
            return (d, t)
        }
        let producer = Task.detached {
            for i in 1...50_000 {
                hub.publish(.progress(step: "s", item: "persons", done: Int64(i), total: 50_000, unit: "rows"))
                if i % 500 == 0 { hub.publish(.log(step: "s", level: .info, message: "line \(i / 500)")) }
            }
            hub.publish(.stepFinished(step: "s", outcome: .passed, seconds: 1))
        }
        await producer.value
        hub.close()
        var logs: [String] = []
        var progress: [Int64] = []
        var finished = false
        for await r in stalled {
            switch r.event {
            case .log(_, _, let m): logs.append(m)
            case .progress(_, _, let done, _, _): progress.append(done)
            case .stepFinished: finished = true
            default: break
            }
        }
        #expect(logs == (1...100).map { "line \($0)" })
        #expect(finished)
        #expect(progress.count <= 101, "progress should coalesce while stalled, got \(progress.count)")
        #expect(progress.last == 50_000)
        #expect(progress == progress.sorted())
        let f = await fastCount.value
        #expect(f.durable == 101)
    }

    @Test func subscribeReplaysDurableHistoryAndLatestProgress() async {
        let hub = EventHub(history: [Fixture.rec(1, .stageStarted(stage: "a"))])
        hub.publish(.stepStarted(step: "a.x", attempt: 1))
        hub.publish(.progress(step: "a.x", item: "t1", done: 1, total: 10, unit: "rows"))
        hub.publish(.progress(step: "a.x", item: "t1", done: 7, total: 10, unit: "rows"))
        hub.publish(.progress(step: "a.x", item: "t2", done: 3, total: nil, unit: "rows"))
        let late = hub.subscribe()
        hub.close()
        var seen: [EventRecord] = []
        for await r in late { seen.append(r) }
        #expect(seen.map(\.seq) == [1, 2, 4, 5])
        #expect(seen[0].event == .stageStarted(stage: "a"))
        if case .progress(_, let item, let done, _, _) = seen[2].event {
            #expect(item == "t1" && done == 7)
        } else {
            Issue.record("expected progress, got \(seen[2].event)")
        }
    }

    @Test func sinksSeeEveryRecordInOrder() {
        let hub = EventHub()
        let box = Collected()
        hub.addSink { box.add($0.seq) }
        for i in 0..<100 { hub.publish(.log(step: nil, level: .debug, message: "\(i)")) }
        #expect(box.values == Array(1...100))
    }
}

final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []
    func add(_ v: Int) { lock.withLock { items.append(v) } }
    var values: [Int] { lock.withLock { items } }
}
