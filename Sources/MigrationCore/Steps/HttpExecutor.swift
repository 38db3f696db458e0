import Foundation

/// Runs `http` steps: checks the configured application endpoints (status, latency, body sanity)
/// and optionally the frontend page. Params: `endpoints: all | [names]`, `frontend: true|false`,
/// `label: before|after`, optional `timeout` seconds (default 5).
/// Emits one `checkResult` per endpoint (`endpoint:<name>`, `frontend`) and a result table
/// `HTTP checks (<label>)`; fails when any check fails.
public struct HttpExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        let label = step.param("label") ?? "check"
        let timeout = step.param("timeout").flatMap(Double.init) ?? 5
        let endpoints = try selectedEndpoints(step, config: context.config)
        var checks: [EndpointCheck] = []
        for endpoint in endpoints {
            if context.isCancelled() { throw StepFailure(code: .cancelled, message: "HTTP checks cancelled") }
            checks.append(
                await EndpointCheck.run(
                    name: "endpoint:\(endpoint.name)", url: endpoint.url,
                    expectJSON: endpoint.expect == "json", timeout: timeout))
        }
        var unchecked: [String] = []
        if step.params["frontend"] == .bool(true) || step.param("frontend") == "true" {
            if let url = context.config.frontend {
                checks.append(await EndpointCheck.run(name: "frontend", url: url, expectJSON: false, timeout: timeout))
            } else {
                unchecked.append("application.frontend is not configured; frontend not checked")
            }
        }
        if endpoints.isEmpty && step.params["endpoints"] != .list([]) {
            unchecked.append("no application endpoints configured; endpoints not checked")
        }
        // Left out by the configuration: not a warning, not a pass; reported on its own (the run's
        // final event and the report list them) so a script can tell them from real warnings.
        for line in unchecked {
            context.emit(.log(step: step.id, level: .info, message: line))
            context.emit(
                .checkResult(
                    step: step.id, name: line.hasPrefix("application.frontend") ? "frontend" : "endpoints",
                    status: .notChecked, evidence: line))
        }
        guard !checks.isEmpty else { return .passed }
        for c in checks {
            context.emit(.checkResult(step: step.id, name: c.name, status: c.status, evidence: c.evidence))
        }
        context.emit(.result(step: step.id, table: EndpointCheck.table(checks, label: label)))
        let failed = checks.filter { $0.status == .fail }
        guard failed.isEmpty else {
            throw StepFailure(
                code: "http-failed",
                message: "\(failed.count) of \(checks.count) application checks failed (\(label)): "
                    + failed.map { "\($0.name): \($0.evidence)" }.joined(separator: "; "),
                location: step.id,
                fix: "Check that the application is running and points at the right database, then retry the step.")
        }
        return .passed
    }

    private func selectedEndpoints(_ step: Step, config: MigrationConfig) throws -> [MigrationConfig.Endpoint] {
        switch step.params["endpoints"] {
        case .none, .some(.string("all")):
            return config.endpoints
        case .some(.list(let names)):
            let wanted = names.compactMap(\.text)
            let unknown = wanted.filter { n in !config.endpoints.contains { $0.name == n } }
            guard unknown.isEmpty else {
                throw StepFailure(
                    code: "config", message: "endpoints not in the configuration: \(unknown.joined(separator: ", "))",
                    location: step.id, fix: "Add them under application.endpoints or fix the plan.")
            }
            return config.endpoints.filter { wanted.contains($0.name) }
        case .some(let other):
            throw StepFailure(
                code: "plan", message: "http step param `endpoints` must be `all` or a list, got \(other)",
                location: step.id)
        }
    }
}

/// The outcome of one GET: what the checks table and the health watch show.
struct EndpointCheck: Sendable {
    var name: String
    var url: String
    var httpStatus: Int?
    var milliseconds: Double?
    var status: CheckStatus
    var evidence: String

    /// GETs `url`; passes on 2xx, and for `expectJSON` on a body that is a non-empty array or object.
    static func run(name: String, url: String, expectJSON: Bool, timeout: Double) async -> EndpointCheck {
        do {
            let r = try await HttpClient.get(url, timeout: timeout)
            let ms = (r.milliseconds * 10).rounded() / 10
            guard (200..<300).contains(r.status) else {
                return EndpointCheck(
                    name: name, url: url, httpStatus: r.status, milliseconds: ms, status: .fail,
                    evidence: "HTTP \(r.status) in \(ms) ms")
            }
            let (ok, what) = expectJSON ? jsonSanity(r.body) : (true, "\(r.body.count) bytes")
            return EndpointCheck(
                name: name, url: url, httpStatus: r.status, milliseconds: ms, status: ok ? .pass : .fail,
                evidence: "HTTP \(r.status) in \(ms) ms, \(what)")
        } catch {
            return EndpointCheck(
                name: name, url: url, httpStatus: nil, milliseconds: nil, status: .fail,
                evidence: "\(error)")
        }
    }

    /// A body is sane JSON when it parses to a non-empty array or object.
    static func jsonSanity(_ body: Data) -> (Bool, String) {
        guard let value = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else {
            return (false, "body is not JSON")
        }
        if let a = value as? [Any] { return (!a.isEmpty, a.isEmpty ? "empty JSON list" : "JSON list of \(a.count)") }
        if let o = value as? [String: Any] {
            // An application that cannot reach its database often still answers 200 with an
            // error object: {"error": "database unavailable"} is not data.
            if let key = ["error", "errors"].first(where: { k in o[k].map { !($0 is NSNull) } ?? false }) {
                let detail = (o[key].map { "\($0)" } ?? "").prefix(120)
                return (false, "JSON object with \"\(key)\": \(detail)")
            }
            return (!o.isEmpty, o.isEmpty ? "empty JSON object" : "JSON object")
        }
        return (false, "JSON is not a list or object")
    }

    /// The per-label table: endpoint, URL, HTTP status, latency, evidence, with row status.
    static func table(_ checks: [EndpointCheck], label: String) -> ResultTable {
        ResultTable(
            title: "HTTP checks (\(label))",
            columns: ["check", "url", "http_status", "latency_ms", "evidence"],
            rows: checks.map {
                [
                    $0.name, $0.url, $0.httpStatus.map(String.init) ?? "-",
                    $0.milliseconds.map { String($0) } ?? "-", $0.evidence,
                ]
            },
            status: checks.map(\.status), role: .httpChecks)
    }
}
