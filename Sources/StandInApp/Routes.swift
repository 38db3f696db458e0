import Dispatch
import Foundation
import Postgres

/// A response the stand-in app sends.
struct Response: Sendable {
    var status: Int
    var contentType: String
    var body: String

    static func json(_ body: String, status: Int = 200) -> Response {
        Response(status: status, contentType: "application/json", body: body)
    }
    var reason: String {
        switch status {
        case 200: return "OK"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        default: return "Service Unavailable"
        }
    }
}

/// The application's routes, served from whichever schema the database named in `conninfo` holds:
/// the legacy tables (`education_group`, `course`) before cutover, the new ones after.
struct Routes: Sendable {
    let conninfo: String

    /// The API port's routes: /health, /teachers, /education-groups, /courses, /ping (no database).
    func api(_ path: String) -> Response {
        switch path.split(separator: "?").first.map(String.init) ?? path {
        case "/ping": return .json("{\"status\":\"ok\"}")
        case "/health": return health()
        case "/teachers": return list(["teachers"])
        case "/education-groups": return list(["education_groups", "education_group"])
        case "/courses": return list(["courses", "course"])
        default: return .json("{\"error\":\"not found\"}", status: 404)
        }
    }

    /// The frontend page: HTML with the row counts the API would show.
    func frontend() -> Response {
        do {
            let counts = try withDatabase { db in
                let present = try await presentTables(db)
                var out: [(String, String)] = []
                for candidates in [["teachers"], ["education_groups", "education_group"], ["courses", "course"]] {
                    guard let table = candidates.first(where: present.contains) else { continue }
                    let r = try await db.query("SELECT count(*) FROM \(table)")
                    out.append((table, r.rows.first?[0] ?? "0"))
                }
                return out
            }
            let items = counts.map { "<li>\($0.0): \($0.1)</li>" }.joined()
            let html =
                "<!doctype html><html><head><title>Education System</title></head>"
                + "<body><h1>Education System</h1><ul>\(items)</ul></body></html>"
            return Response(status: 200, contentType: "text/html; charset=utf-8", body: html)
        } catch {
            return Response(
                status: 503, contentType: "text/html; charset=utf-8",
                body: "<html><body><h1>Service unavailable</h1></body></html>")
        }
    }

    private func health() -> Response {
        do {
            let db = try withDatabase { db in
                _ = try await db.query("SELECT 1")
                return ConnInfo.value("dbname", in: conninfo) ?? "edu"
            }
            return .json("{\"status\":\"ok\",\"database\":\"\(db)\"}")
        } catch {
            return .json("{\"status\":\"unavailable\"}", status: 503)
        }
    }

    /// Up to 50 rows of the first present table among `candidates`, as a JSON array.
    private func list(_ candidates: [String]) -> Response {
        do {
            let body = try withDatabase { db -> String? in
                let present = try await presentTables(db)
                guard let table = candidates.first(where: present.contains) else { return nil }
                let r = try await db.query(
                    "SELECT coalesce(json_agg(t), '[]'::json)::text FROM (SELECT * FROM \(table) ORDER BY id LIMIT 50) t"
                )
                return r.rows.first?[0] ?? "[]"
            }
            guard let body else { return .json("{\"error\":\"no such table\"}", status: 503) }
            return .json(body)
        } catch {
            return .json("{\"error\":\"database unavailable\"}", status: 503)
        }
    }

    /// Which of the app's tables exist in `public` (detects legacy vs new schema).
    private func presentTables(_ db: Connection) async throws -> Set<String> {
        let r = try await db.query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' "
                + "AND table_name = ANY($1::text[])",
            ["{teachers,education_group,education_groups,course,courses}"])
        return Set(r.rows.compactMap { $0[0] })
    }

    /// Opens a connection for one request, runs `body`, closes it; blocks this (server-owned) thread.
    private func withDatabase<T: Sendable>(_ body: @escaping @Sendable (Connection) async throws -> T) throws -> T {
        let conninfo = self.conninfo
        return try blockingWait {
            // A refused or missing server fails at once; the timeout only bounds a slow one (a busy
            // machine can take seconds to fork a backend, which must not read as "down").
            let db = try await Connection.connect(conninfo, applicationName: "edu-standin-app", timeout: 10)
            defer { db.close() }
            return try await body(db)
        }
    }
}

/// Runs async work from a thread we own and waits for it (never call from the cooperative pool).
func blockingWait<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.set(.success(try await work())) } catch { box.set(.failure(error)) }
        done.signal()
    }
    done.wait()
    return try box.get()
}

private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, any Error>?
    func set(_ r: Result<T, any Error>) {
        lock.lock()
        result = r
        lock.unlock()
    }
    func get() throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try result!.get()
    }
}
