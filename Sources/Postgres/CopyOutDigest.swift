import CLibPQ
import Foundation

extension Connection {
    /// Runs `COPY (...) TO STDOUT` on this connection and fingerprints its text output as it
    /// arrives (`CopyDigest`), storing nothing: the same fingerprint a `copy(from:...)` relay
    /// computes for the same statement, session settings and snapshot.
    /// - Parameters:
    ///   - copyOut: a `COPY ... TO STDOUT` statement (text format).
    ///   - progress: called at most about 5 times a second from the connection's thread.
    /// - Returns: rows, bytes and the digest of what the COPY wrote.
    /// - Throws: `PostgresError` (kind `.cancelled` after `cancel()`).
    public func copyOutDigest(
        _ copyOut: String, progress: @escaping @Sendable (CopyProgress) -> Void = { _ in }
    ) async throws -> CopyProgress {
        try await run { pg in
            try CopyStream.start(copyOut, on: pg, expecting: PGRES_COPY_OUT)
            var digest = TimedDigest()
            var lastReport = DispatchTime.now().uptimeNanoseconds
            let failure = CopyStream.pump(pg, into: &digest) { _, _, done in
                let now = DispatchTime.now().uptimeNanoseconds
                if now - lastReport >= 200_000_000 {
                    lastReport = now
                    progress(done)
                }
            }
            if let error = CopyStream.finishSource(pg) ?? failure { throw error }
            let done = digest.progress
            progress(done)
            return done
        }
    }
}
