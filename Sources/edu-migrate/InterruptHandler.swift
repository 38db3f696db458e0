import Foundation
import Postgres

/// SIGINT/SIGTERM during a headless run: the first one cancels the running step (its statement
/// is cancelled and its transaction rolled back; a hook's whole process group is stopped), so
/// the run ends cleanly and can be resumed; a second one exits at once.
final class InterruptHandler: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0

    /// Installs the handler; `onFirst` runs once, on the first signal.
    init(onFirst: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)  // the dispatch source gets the signal instead of the default exit
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in
                guard let self else { return }
                let n = self.lock.withLock { () -> Int in
                    self.count += 1
                    return self.count
                }
                if n == 1 {
                    CLI.stderr(
                        "edu-migrate: interrupted: cancelling the running step (its work is rolled back, hooks are "
                            + "stopped); run again with the same work directory to resume. Again to quit at once.")
                    onFirst()
                } else {
                    SessionPassword.removeChildPassfiles()  // exiting at once skips every cleanup
                    signal(sig, SIG_DFL)
                    raise(sig)
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Restores the default signal handling.
    func remove() {
        for s in sources { s.cancel() }
        for sig in [SIGINT, SIGTERM] { signal(sig, SIG_DFL) }
    }
}
