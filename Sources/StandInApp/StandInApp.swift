import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small stand-in for the education system's backend and frontend, on loopback.
///
/// The API port serves `GET /health` (503 when the database is down), `/teachers`,
/// `/education-groups`, `/courses` (JSON arrays, at most 50 rows) and `/ping` (no database);
/// the frontend port serves `/` (HTML with row counts). Every request opens its own connection
/// to the database named in `conninfo` (normally `edu`), so after cutover it serves the new schema.
/// The sockets are served by one thread this object owns; no Swift concurrency thread blocks.
public final class StandInApp: @unchecked Sendable {
    private let routes: Routes
    private let lock = NSLock()
    private var sockets: (api: ListeningSocket, frontend: ListeningSocket)?
    private var stopping = false
    private var finished: DispatchSemaphore?

    /// - Parameter conninfo: libpq conninfo of the application's database (e.g. `... dbname=edu`).
    public init(conninfo: String) { routes = Routes(conninfo: conninfo) }

    /// The API port once started (0 before).
    public var apiPort: Int { lock.withLock { sockets?.api.port ?? 0 } }
    /// The frontend port once started (0 before).
    public var frontendPort: Int { lock.withLock { sockets?.frontend.port ?? 0 } }
    /// `http://127.0.0.1:<apiPort>`.
    public var apiBaseURL: String { "http://127.0.0.1:\(apiPort)" }
    /// `http://127.0.0.1:<frontendPort>/`.
    public var frontendURL: String { "http://127.0.0.1:\(frontendPort)/" }

    /// Binds both ports on 127.0.0.1 and starts serving on a thread of its own.
    /// - Parameters:
    ///   - apiPort: the API port, 0 for an ephemeral one.
    ///   - frontendPort: the frontend port, 0 for an ephemeral one.
    /// - Throws: `StandInError` when a port cannot be bound.
    public func start(apiPort: Int = 0, frontendPort: Int = 0) throws {
        let api = try ListeningSocket(port: apiPort)
        let front: ListeningSocket
        do { front = try ListeningSocket(port: frontendPort) } catch {
            api.close()
            throw error
        }
        let finished = DispatchSemaphore(value: 0)
        lock.withLock {
            sockets = (api, front)
            stopping = false
            self.finished = finished
        }
        let thread = Thread { [self] in
            serve(api: api, frontend: front)
            finished.signal()
        }
        thread.name = "edu-standin-app"
        thread.start()
    }

    /// Stops serving and closes both ports (waits at most a few seconds for the thread).
    public func stop() {
        let (wasRunning, finished) = lock.withLock { () -> (Bool, DispatchSemaphore?) in
            let running = sockets != nil && !stopping
            stopping = true
            return (running, self.finished)
        }
        guard wasRunning, let finished else { return }
        _ = finished.wait(timeout: .now() + 5)
        lock.withLock {
            sockets?.api.close()
            sockets?.frontend.close()
            sockets = nil
        }
    }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func serve(api: ListeningSocket, frontend: ListeningSocket) {
        var fds = [
            pollfd(fd: api.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: frontend.fd, events: Int16(POLLIN), revents: 0),
        ]
        while !isStopping {
            let ready = poll(&fds, nfds_t(fds.count), 100)
            guard ready > 0 else { continue }
            for i in fds.indices where fds[i].revents & Int16(POLLIN) != 0 {
                guard let client = (i == 0 ? api : frontend).acceptClient() else { continue }
                handle(client, isAPI: i == 0)
            }
        }
    }

    private func handle(_ client: Int32, isAPI: Bool) {
        guard let request = readRequestLine(client) else {
            writeResponse(client, status: 400, reason: "Bad Request", contentType: "text/plain", body: "bad request\n")
            return
        }
        let response: Response
        if request.method != "GET" {
            response = .json("{\"error\":\"method not allowed\"}", status: 405)
        } else if isAPI {
            response = routes.api(request.path)
        } else {
            response =
                request.path == "/" || request.path.hasPrefix("/?")
                ? routes.frontend() : Response(status: 404, contentType: "text/plain", body: "not found\n")
        }
        writeResponse(
            client, status: response.status, reason: response.reason,
            contentType: response.contentType, body: response.body)
    }
}
