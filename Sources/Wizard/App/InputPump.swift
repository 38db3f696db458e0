import Foundation

/// Reads keys on a dedicated thread (blocking reads with a timeout) and yields them to the render loop.
final class InputPump: @unchecked Sendable {
    private let term: any Terminal
    private let lock = NSLock()
    private var stopped = false
    private let yield: @Sendable (Input) -> Void
    private let gone: @Sendable () -> Void
    /// Immediate failures in a row that mean the terminal is gone.
    static let goneAfter = 20

    init(term: any Terminal, yield: @escaping @Sendable (Input) -> Void, gone: @escaping @Sendable () -> Void) {
        self.term = term
        self.yield = yield
        self.gone = gone
    }

    func start() {
        let t = Thread { [self] in loop() }
        t.name = "wizard-input"
        t.start()
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func loop() {
        var failures = 0
        while !isStopped {
            switch term.readKey(timeoutMs: 200) {
            case .key(let k):
                failures = 0
                if k == .resize { yield(.resize(term.size)) }
                yield(.key(k))
            case .timeout:
                failures = 0
            case .gone:
                failures += 1
                if failures >= Self.goneAfter {
                    gone()
                    return
                }
                usleep(5_000)
            }
        }
    }
}
