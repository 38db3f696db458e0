import Foundation
import Postgres

/// The transfer's tables copied side by side: each lane (a source connection in the copy's
/// snapshot and a target connection) takes the next table not yet taken, so the largest tables
/// start first and the lanes finish close together. The first failure stops the other lanes
/// (their target transactions roll back) and is thrown.
enum TransferLanes {
    typealias Lane = (source: Connection, target: Connection)

    /// One table copied: its rows, seconds, and what the relay measured as the rows passed.
    struct Copied: Sendable {
        var rows: Int64 = 0
        var seconds: Double = 0
        var bytes: Int64 = 0
        var fingerprint: TableFingerprint
        var hashSeconds: Double = 0
    }

    /// Copies `tables` on `lanes`; returns one `Copied` per table, in the order given.
    /// - Throws: the first copy's error.
    static func run(
        _ tables: [LegacyManifest.Table], lanes: [Lane], step: Step, context: StepContext,
        copy: @escaping @Sendable (LegacyManifest.Table, Connection, Connection) async throws -> Copied
    )
        async throws -> [Copied]
    {
        let queue = TableQueue(count: tables.count)
        var out: [Copied?] = Array(repeating: nil, count: tables.count)
        try await withThrowingTaskGroup(of: [(Int, Copied)].self) { group in
            for lane in lanes {
                group.addTask {
                    var mine: [(Int, Copied)] = []
                    while let i = queue.next() {
                        if context.isCancelled() { throw TransferExecutor.cancelled(step) }
                        let done = try await copy(tables[i], lane.source, lane.target)
                        let (n, secs) = (done.rows, done.seconds)
                        let rate = secs > 0 ? Int(Double(n) / secs) : Int(n)
                        context.emit(
                            .log(
                                step: step.id, level: .info,
                                message:
                                    "\(tables[i].name): \(n) rows in \(String(format: "%.1f", secs)) s (\(rate) rows/s)"
                            ))
                        mine.append((i, done))
                    }
                    return mine
                }
            }
            do {
                while let done = try await group.next() { for (i, c) in done { out[i] = c } }
            } catch {
                queue.stop()
                for lane in lanes { lane.target.cancel() }
                while (try? await group.next()) != nil {}
                throw error
            }
        }
        return out.compactMap { $0 }
    }

    /// Hands out table indexes once each; `stop` hands out no more.
    final class TableQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var nextIndex = 0
        private let count: Int
        init(count: Int) { self.count = count }
        func next() -> Int? {
            lock.withLock {
                guard nextIndex < count else { return nil }
                defer { nextIndex += 1 }
                return nextIndex
            }
        }
        func stop() { lock.withLock { nextIndex = count } }
    }
}
