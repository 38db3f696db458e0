import Foundation
import Postgres

/// Runs `monitor` steps: the guide's post-migration health watch (Days 27-28). Every `interval`
/// seconds for `duration` (config `monitor`, or step params `interval`/`duration`), checks the
/// live database (`SELECT 1` over a fresh connection), the API (`health` endpoint, else every
/// endpoint) and the frontend. Each round emits a result table `Health check #i of n`, a
/// `checkResult` per target and progress. `max_consecutive_failures` (default 2) failures in a row
/// of any target fail the step with a fix that proposes rollback. Optional `targets: [database, api, frontend]`.
public struct MonitorExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let config = context.config
        let interval = max(0.05, step.param("interval").flatMap(Double.init) ?? config.monitorInterval)
        let duration = step.param("duration").flatMap(Double.init) ?? config.monitorDuration
        let rounds = max(1, Int((duration / interval + 1e-9).rounded(.down)))  // 0.6 / 0.2 is 2.999...
        let threshold = max(1, step.param("max_consecutive_failures").flatMap(Int.init) ?? 2)
        let targets = HealthTargets(step: step, config: config)
        context.emit(
            .log(
                step: step.id, level: .info,
                message: "health watch: \(rounds) rounds every \(interval) s, "
                    + "targets \(targets.names.joined(separator: ", ")), fail after \(threshold) consecutive failures"))
        var streak: [String: Int] = [:]
        var anyFailure = false
        for round in 1...rounds {
            let results = await targets.check()
            for r in results {
                streak[r.name] = r.status == .fail ? (streak[r.name] ?? 0) + 1 : 0
                anyFailure = anyFailure || r.status == .fail
                context.emit(
                    .checkResult(
                        step: step.id, name: r.name, status: r.status,
                        evidence: "round \(round)/\(rounds): \(r.evidence)"))
            }
            context.emit(
                .result(
                    step: step.id,
                    table: ResultTable(
                        title: "Health check #\(round) of \(rounds)", columns: ["target", "latency_ms", "evidence"],
                        rows: results.map { [$0.name, $0.milliseconds.map { String($0) } ?? "-", $0.evidence] },
                        status: results.map(\.status), role: .healthCheck)))
            context.emit(
                .progress(step: step.id, item: "health check", done: Int64(round), total: Int64(rounds), unit: "rounds")
            )
            if streak.contains(where: { $0.value >= threshold }) {
                // Every target failing now, not only the first to reach the threshold (one that
                // went down mid-round has a shorter streak but is just as down).
                let failing = streak.filter { $0.value > 0 }.sorted { $0.key < $1.key }
                let what = failing.map {
                    "\($0.key) failed \($0.value) health check\($0.value == 1 ? "" : "s") in a row"
                }
                .joined(separator: "; ")
                throw StepFailure(
                    code: .healthFailed,
                    message: "\(what) (round \(round) of \(rounds))",
                    location: step.id,
                    fix: "Investigate the application and database now; if they cannot be fixed quickly, "
                        + "run the rollback procedure (fast path: reverse the renames and revert the app config).")
            }
            if round < rounds { try await sleep(interval, context: context, stepID: step.id) }
        }
        return anyFailure ? .warned : .passed
    }

    /// Sleeps in short slices so a cancel is noticed within ~0.1 s.
    private func sleep(_ seconds: Double, context: StepContext, stepID: String) async throws {
        let until = Date().addingTimeInterval(seconds)
        while Date() < until {
            if context.isCancelled() || Task.isCancelled {
                throw StepFailure(code: .cancelled, message: "health watch cancelled", location: stepID)
            }
            try? await Task.sleep(nanoseconds: UInt64(min(0.1, max(0, until.timeIntervalSinceNow)) * 1e9))
        }
    }
}

/// The health watch's targets: database, API, frontend.
struct HealthTargets: Sendable {
    var conninfo: String?
    var api: [MigrationConfig.Endpoint]
    var frontend: String?

    init(step: Step, config: MigrationConfig) {
        let wanted: Set<String>
        if case .list(let l)? = step.params["targets"] {
            wanted = Set(l.compactMap(\.text))
        } else {
            wanted = ["database", "api", "frontend"]
        }
        conninfo = wanted.contains("database") ? config.source : nil
        let health = config.endpoints.filter { $0.name == "health" || $0.url.hasSuffix("/health") }
        api = wanted.contains("api") ? (health.isEmpty ? config.endpoints : health) : []
        frontend = wanted.contains("frontend") ? config.frontend : nil
    }

    var names: [String] {
        (conninfo == nil ? [] : ["database"]) + (api.isEmpty ? [] : ["api"]) + (frontend == nil ? [] : ["frontend"])
    }

    /// One round: every target checked concurrently (each on its own thread), in a stable order.
    func check() async -> [EndpointCheck] {
        async let db = checkDatabase()
        async let apis = checkAPI()
        async let front = checkFrontend()
        return [await db, await apis, await front].compactMap { $0 }
    }

    private func checkFrontend() async -> EndpointCheck? {
        guard let frontend else { return nil }
        return await EndpointCheck.run(name: "frontend", url: frontend, expectJSON: false, timeout: 5)
    }

    private func checkDatabase() async -> EndpointCheck? {
        guard let conninfo else { return nil }
        let start = Date()
        let name = ConnInfo.value("dbname", in: conninfo) ?? "database"
        do {
            let c = try await Connection.connect(conninfo, applicationName: "edu-migrate health", timeout: 5)
            defer { c.close() }
            try await c.query("SELECT 1")
            let ms = (Date().timeIntervalSince(start) * 10000).rounded() / 10
            return EndpointCheck(
                name: "database", url: name, httpStatus: nil, milliseconds: ms, status: .pass,
                evidence: "SELECT 1 on \(name) in \(ms) ms")
        } catch {
            return EndpointCheck(
                name: "database", url: name, httpStatus: nil, milliseconds: nil, status: .fail,
                evidence: "\(name): \(String(describing: error).split(separator: "\n").first ?? "")")
        }
    }

    /// All API endpoints folded into one `api` result (fails when any fails).
    private func checkAPI() async -> EndpointCheck? {
        guard !api.isEmpty else { return nil }
        var parts: [EndpointCheck] = []
        for e in api {
            parts.append(await EndpointCheck.run(name: e.name, url: e.url, expectJSON: e.expect == "json", timeout: 5))
        }
        let failed = parts.contains { $0.status == .fail }
        return EndpointCheck(
            name: "api", url: api.map(\.url).joined(separator: " "), httpStatus: parts.last?.httpStatus,
            milliseconds: parts.compactMap(\.milliseconds).max(), status: failed ? .fail : .pass,
            evidence: parts.map { "\($0.name): \($0.evidence)" }.joined(separator: "; "))
    }
}
