import Foundation

/// Runs blocking work (initdb, waiting for a process) on a thread of its own, so Swift's
/// cooperative pool (two threads on small machines) is never held up by it.
enum OffPool {
    static func run<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                do { cont.resume(returning: try body()) } catch { cont.resume(throwing: error) }
            }
            thread.name = name
            thread.start()
        }
    }
}
