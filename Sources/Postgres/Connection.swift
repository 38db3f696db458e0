import CLibPQ
import Foundation

/// A PostgreSQL connection owned by one dedicated thread: every blocking libpq call runs there,
/// never on Swift's cooperative pool. `cancel()` may be called from anywhere.
public final class Connection: @unchecked Sendable {
    /// The thread that owns `pg`; only jobs on it touch the connection.
    let worker: Worker
    /// The libpq connection (`PGconn*`); touched only on `worker`'s thread.
    let pg: OpaquePointer
    private let lock = NSLock()
    /// Ready-made cancel request, usable from any thread (guarded by `lock` against `close`).
    private var canceller: OpaquePointer?
    /// While this connection runs a COPY from another one, cancelling it cancels that one too.
    private var copySource: Connection?
    private var closed = false
    private let notices: NoticeBox
    /// The server's version number, e.g. 150018.
    public let serverVersion: Int
    /// `host:port/db` for messages (no password).
    public let label: String

    private init(worker: Worker, pg: OpaquePointer, notices: NoticeBox) {
        self.worker = worker
        self.pg = pg
        self.notices = notices
        serverVersion = Int(PQserverVersion(pg))
        canceller = PQgetCancel(pg)
        let host = Results.text(PQhost(pg)) ?? "?"
        let port = Results.text(PQport(pg)) ?? "?"
        label = "\(host):\(port)/\(Results.text(PQdb(pg)) ?? "?")"
    }

    deinit { close() }

    /// Opens a connection from a conninfo string or URI; PG* environment variables, .pgpass,
    /// PGPASSFILE and service files apply as libpq reads them, and a password typed at a prompt
    /// (`SessionPassword`) for the same host, port and user.
    /// - Parameters:
    ///   - conninfo: libpq conninfo (`host=... dbname=...`) or `postgresql://` URI, no password.
    ///   - applicationName: shown in pg_stat_activity.
    ///   - timeout: seconds to wait for the connection (libpq `connect_timeout`, at least 2)
    ///     unless the conninfo sets its own.
    /// - Throws: `PostgresError` of kind `.connection` naming the host and what to fix.
    public static func connect(
        _ conninfo: String, applicationName: String = "edu-migrate",
        timeout: Double = 10
    ) async throws -> Connection {
        let worker = Worker(name: "pg " + applicationName)
        let notices = NoticeBox()
        do {
            let pg = try await worker.perform { () -> UnsafeSendable<OpaquePointer> in
                // Order matters: later keys override the expanded dbname's, earlier ones do not.
                var keys = ["connect_timeout", "dbname", "application_name", "client_encoding"]
                var values = [String(max(2, Int(timeout.rounded(.up)))), conninfo, applicationName, "UTF8"]
                if let password = SessionPassword.lookup(conninfo) {
                    keys.append("password")
                    values.append(password)
                }
                let conn = withCStrings(keys) { k in withCStrings(values) { v in PQconnectdbParams(k, v, 1) } }
                guard let conn, PQstatus(conn) == CONNECTION_OK else {
                    let error = ConnectFailure.error(conn, conninfo: conninfo)
                    PQfinish(conn)
                    throw error
                }
                notices.install(on: conn)
                return UnsafeSendable(conn)
            }
            return Connection(worker: worker, pg: pg.value, notices: notices)
        } catch {
            worker.stop()
            throw error
        }
    }

    /// Runs one statement with `$1...` parameters (text format) and returns its rows.
    /// - Throws: `PostgresError` with SQLSTATE, detail, hint and context.
    @discardableResult
    public func query(_ sql: String, _ params: [String?] = []) async throws -> QueryResult {
        try await run { pg in
            let sent = withOptionalCStrings(params) { values in
                PQsendQueryParams(pg, sql, Int32(params.count), nil, values, nil, nil, 0)
            }
            guard sent == 1 else { throw Results.connectionError(pg, fallback: "could not send query") }
            return try Results.collect(pg).last ?? QueryResult(columns: [], rows: [], affected: 0)
        }
    }

    /// Runs a script of one or more statements with the simple protocol (no parameters) and
    /// returns every statement's result in order (so a file of several SELECTs yields several).
    /// - Throws: the first statement error (the server stops the script there).
    @discardableResult
    public func execute(_ sql: String) async throws -> [QueryResult] {
        try await run { pg in
            guard PQsendQuery(pg, sql) == 1 else { throw Results.connectionError(pg, fallback: "could not send query") }
            return try Results.collect(pg)
        }
    }

    /// Streams `COPY (...) TO STDOUT` on `source` into `COPY ... FROM STDIN` on this connection,
    /// chunk by chunk, never holding a table in memory. See `CopyStream` for the threading.
    /// - Parameters:
    ///   - source: the connection to read from (must not be this one).
    ///   - copyOut: a `COPY ... TO STDOUT` statement for `source`.
    ///   - copyIn: a `COPY ... FROM STDIN` statement for this connection.
    ///   - maxRowsPerSecond: when set, the stream pauses so its average rate stays at or under it
    ///     (spares a shared source server; makes a small demo copy long enough to watch).
    ///   - progress: called at most about 5 times a second from the copying thread.
    /// - Returns: rows and bytes copied.
    /// - Throws: `PostgresError` (kind `.cancelled` after `cancel()` on either connection).
    @discardableResult
    public func copy(
        from source: Connection, copyOut: String, copyIn: String, maxRowsPerSecond: Double? = nil,
        progress: @escaping @Sendable (CopyProgress) -> Void = { _ in }
    ) async throws -> CopyProgress {
        guard source !== self else {
            throw PostgresError(kind: .io, message: "COPY needs two different connections")
        }
        setCopySource(source)
        defer { setCopySource(nil) }
        let stream = CopyStream(
            source: source, target: self, copyOut: copyOut, copyIn: copyIn,
            maxRowsPerSecond: maxRowsPerSecond, progress: progress)
        return try await stream.run()
    }

    /// Asks the server to cancel whatever this connection (and a COPY source it reads from) is
    /// running. Safe from any thread; does nothing when idle.
    public func cancel() {
        lock.lock()
        let source = copySource
        if let canceller {
            var buf = [CChar](repeating: 0, count: 256)
            _ = PQcancel(canceller, &buf, 256)
        }
        lock.unlock()
        source?.cancel()
    }

    /// Notices (RAISE NOTICE, warnings) are delivered here, on the connection's thread.
    public func onNotice(_ handler: @escaping @Sendable (String) -> Void) { notices.set(handler) }

    /// Closes the connection and stops its thread. Idempotent.
    public func close() {
        let pg = UnsafeSendable(self.pg)
        let box = notices
        lock.withLock {
            if closed { return }
            closed = true
            if let canceller { PQfreeCancel(canceller) }
            canceller = nil
            worker.enqueue {
                PQfinish(pg.value)
                withExtendedLifetime(box) {}
            }
            worker.stop()
        }
    }

    /// Runs `body` with the libpq connection on the owning thread. The closed check and the
    /// enqueue happen under the lock, so no job can run after `close()` queued `PQfinish`.
    func run<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        let pg = UnsafeSendable(self.pg)
        return try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, any Error>) in
            let queued = lock.withLock { () -> Bool in
                if closed { return false }
                worker.enqueue {
                    do { cont.resume(returning: try body(pg.value)) } catch { cont.resume(throwing: error) }
                }
                return true
            }
            if !queued { cont.resume(throwing: PostgresError(kind: .io, message: "connection \(label) is closed")) }
        }
    }

    /// Queues a raw job on the owning thread unless closed; returns false when closed.
    func enqueueIfOpen(_ job: @escaping () -> Void) -> Bool {
        lock.withLock {
            if closed { return false }
            worker.enqueue(job)
            return true
        }
    }

    private func setCopySource(_ source: Connection?) {
        lock.withLock { copySource = source }
    }
}

/// Carries a value that is only used on one thread across a `@Sendable` boundary.
struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
