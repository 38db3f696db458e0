#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Dispatch
import Foundation

/// Every running sandbox of this process, stopped at exit and on SIGINT/SIGTERM/SIGHUP.
final class SandboxRegistry: @unchecked Sendable {
    static let shared = SandboxRegistry()
    private let lock = NSLock()
    private var sandboxes: [ObjectIdentifier: Sandbox] = [:]
    private var atExitInstalled = false
    private var signalsInstalled = false
    private var sources: [any DispatchSourceSignal] = []

    func add(_ sandbox: Sandbox, handleSignals: Bool) {
        let (atExit, signals): (Bool, Bool) = lock.withLock {
            sandboxes[ObjectIdentifier(sandbox)] = sandbox
            defer {
                atExitInstalled = true
                signalsInstalled = signalsInstalled || handleSignals
            }
            return (!atExitInstalled, handleSignals && !signalsInstalled)
        }
        if atExit { atexit { SandboxRegistry.shared.stopAll() } }
        if signals { installSignalHandlers() }
    }

    func remove(_ sandbox: Sandbox) {
        lock.withLock { _ = sandboxes.removeValue(forKey: ObjectIdentifier(sandbox)) }
    }

    /// Stops every registered sandbox (at exit or on a signal).
    func stopAll() {
        let all = lock.withLock { Array(sandboxes.values) }
        all.forEach { $0.stop() }
    }

    /// Handlers for the termination signals nobody else handles yet (a front end that installed
    /// its own SIGINT handler keeps it and must call `stop()` itself).
    private func installSignalHandlers() {
        var handlers: [any DispatchSourceSignal] = []
        for sig in [SIGINT, SIGTERM, SIGHUP] where Self.isDefault(sig) {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                SandboxRegistry.shared.stopAll()
                // exit, not raise: this runs on a GCD thread, where a thread-directed raise()
                // could stay pending (the wizard then ran on with its cluster deleted); exit runs
                // the atexit hooks, so the terminal is restored too. 128+n as the shells report it.
                exit(128 + sig)
            }
            source.resume()
            handlers.append(source)
        }
        lock.withLock { sources = handlers }
    }

    private static func isDefault(_ sig: Int32) -> Bool {
        var current = sigaction()
        sigaction(sig, nil, &current)
        #if canImport(Glibc)
            return current.__sigaction_handler.sa_handler == nil
        #else
            return current.__sigaction_u.__sa_handler == nil
        #endif
    }
}
