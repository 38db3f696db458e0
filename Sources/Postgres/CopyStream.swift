import CLibPQ
import Foundation

/// One COPY OUT → COPY IN stream between two connections, fingerprinting the rows as they pass
/// (`CopyDigest`).
///
/// Threading: the whole loop runs on the *target's* thread. Before it touches the source's
/// `PGconn`, it parks the source's own thread with a job that waits until the loop is done, so
/// no other job can use the source meanwhile: each `PGconn` is still used by one thread at a
/// time, which is all libpq requires. The caller's task only awaits; nothing blocks the pool.
struct CopyStream: Sendable {
    let source: Connection
    let target: Connection
    let copyOut: String
    let copyIn: String
    let maxRowsPerSecond: Double?
    let progress: @Sendable (CopyProgress) -> Void

    func run() async throws -> CopyProgress {
        let parked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        guard
            source.enqueueIfOpen({
                parked.signal()
                release.wait()
            })
        else {
            throw PostgresError(kind: .io, message: "COPY source connection \(source.label) is closed")
        }
        let src = UnsafeSendable(source.pg)
        do {
            return try await target.run { tgt in
                parked.wait()
                defer { release.signal() }
                return try stream(src.value, tgt)
            }
        } catch {
            release.signal()  // the body may never have run (target closed); an extra signal is harmless
            throw error
        }
    }

    private func stream(_ src: OpaquePointer, _ tgt: OpaquePointer) throws -> CopyProgress {
        try Self.start(copyIn, on: tgt, expecting: PGRES_COPY_IN)
        do { try Self.start(copyOut, on: src, expecting: PGRES_COPY_OUT) } catch {
            _ = PQputCopyEnd(tgt, "source COPY failed")
            Self.drain(tgt)
            throw error
        }
        var digest = TimedDigest()
        let began = DispatchTime.now().uptimeNanoseconds
        var lastReport = began
        var sourceError = try Self.pump(src, into: &digest) { chunk, n, done in
            let sent = PQputCopyData(tgt, chunk, n)
            if sent != 1 {
                let error = Results.connectionError(tgt, fallback: "COPY IN failed")
                source.cancel()
                Self.finishSource(src)
                throw error
            }
            var now = DispatchTime.now().uptimeNanoseconds
            if let limit = maxRowsPerSecond { now = pace(rows: done.rows, limit: limit, began: began, now: now) }
            if now - lastReport >= 200_000_000 {
                lastReport = now
                progress(done)
            }
        }
        if sourceError == nil { sourceError = Self.finishSource(src) }
        if let sourceError {
            _ = PQputCopyEnd(tgt, "source COPY failed: \(sourceError.message)")
            Self.drain(tgt)
            throw sourceError
        }
        guard PQputCopyEnd(tgt, nil) == 1 else { throw Results.connectionError(tgt, fallback: "COPY end failed") }
        _ = try Results.collect(tgt)
        let done = digest.progress
        progress(done)
        return done
    }

    /// Reads COPY OUT data from `src` until it ends, fingerprinting each chunk into `digest` (the
    /// fingerprint of exactly what passes) before `body` sees it with the progress so far; frees
    /// each chunk after `body`.
    /// - Returns: the error that ended the COPY early, if any (`finishSource` is still due).
    static func pump(
        _ src: OpaquePointer, into digest: inout TimedDigest,
        _ body: (UnsafeMutablePointer<CChar>, Int32, CopyProgress) throws -> Void
    ) rethrows -> PostgresError? {
        var buffer: UnsafeMutablePointer<CChar>?
        while true {
            let n = PQgetCopyData(src, &buffer, 0)
            if n == -1 { return nil }
            guard n > 0, let chunk = buffer else { return Results.connectionError(src, fallback: "COPY OUT failed") }
            defer { PQfreemem(chunk) }
            digest.add(chunk, Int(n))
            try body(chunk, n, CopyProgress(rows: digest.digest.rows, bytes: digest.digest.bytes))
        }
    }

    /// Sleeps (at most 100 ms at a time, so a cancel is seen soon) until `rows` at `limit` rows/s
    /// are due; returns the time after the pause.
    private func pace(rows: Int64, limit: Double, began: UInt64, now: UInt64) -> UInt64 {
        let due = began + UInt64(Double(rows) / limit * 1e9)
        guard due > now else { return now }
        usleep(useconds_t(min(due - now, 100_000_000) / 1000))
        return DispatchTime.now().uptimeNanoseconds
    }

    /// Sends a COPY statement and checks the connection entered the expected COPY state.
    static func start(_ sql: String, on conn: OpaquePointer, expecting: ExecStatusType) throws {
        guard let res = PQexec(conn, sql) else { throw Results.connectionError(conn, fallback: "COPY failed") }
        defer { PQclear(res) }
        if PQresultStatus(res) == expecting { return }
        _ = try Results.decode(res, conn: conn)
        Self.drain(conn)
        throw PostgresError(kind: .io, message: "statement did not start a COPY: \(sql.prefix(80))")
    }

    /// Reads the source's results after COPY OUT ended (or was aborted); returns its error if any.
    @discardableResult
    static func finishSource(_ src: OpaquePointer) -> PostgresError? {
        var buffer: UnsafeMutablePointer<CChar>?
        while true {  // after a cancel the server may still send rows already queued
            let n = PQgetCopyData(src, &buffer, 0)
            if n > 0 {
                PQfreemem(buffer)
                continue
            }
            break
        }
        var error: PostgresError?
        while let res = PQgetResult(src) {
            if case let s = PQresultStatus(res), s != PGRES_COMMAND_OK, s != PGRES_TUPLES_OK {
                error = error ?? Results.error(from: res, conn: src)
            }
            PQclear(res)
        }
        return error
    }

    static func drain(_ conn: OpaquePointer) {
        while let res = PQgetResult(conn) { PQclear(res) }
    }
}
