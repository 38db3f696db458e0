import Foundation
import MigrationCore
import Wizard

/// Phases 5-6 shaped like Assets/plan/{50_integration,60_deployment,90_rollback}.yaml, and events
/// as HttpExecutor, CutoverExecutor and MonitorExecutor emit them.
enum DeployFixtures {
    static let plan = Plan(stages: [
        Stage(
            id: "validation", title: "Phase 4: Validation", kind: .phase,
            steps: [
                Step(id: "validation.orphans", title: "Orphan checks", kind: .validate, criterion: .orphans),
                Step(id: "validation.reconciliation", title: "Reconciliation", kind: .validate),
            ]),
        Stage(
            id: "integration", title: "Phase 5: Application Integration", kind: .phase, gate: ["validation"],
            steps: [
                Step(
                    id: "integration.http-before", title: "API endpoints answer before the switch", kind: .http,
                    params: ["label": .string("before")]),
                Step(
                    id: "integration.switch-app-config", title: "Switch the application's database setting",
                    kind: .command),
                Step(
                    id: "integration.http-after", title: "API endpoints answer after the switch", kind: .http,
                    params: ["label": .string("after")]),
            ]),
        Stage(
            id: "deployment", title: "Phase 6: Production Deployment", kind: .phase, gate: ["integration"],
            steps: [
                Step(
                    id: "deployment.cutover-preview", title: "Sessions still connected and the renames to come",
                    kind: .cutover,
                    required: false, params: ["preview": .bool(true)]),
                Step(
                    id: "deployment.cutover", title: "Cutover: rename edu to edu_legacy and edu_new to edu",
                    kind: .cutover,
                    destructive: true),
                Step(
                    id: "deployment.http-after", title: "Basic functionality verified", kind: .http,
                    params: ["label": .string("after")]),
                Step(id: "deployment.monitor", title: "Health watch (database, API, frontend)", kind: .monitor),
            ]),
        Stage(
            id: "rollback", title: "Rollback", kind: .procedure, subtitle: "From any phase",
            steps: [
                Step(id: "rollback.stop-services", title: "Stop application services", kind: .command),
                Step(
                    id: "rollback.execute", title: "Roll back (auto)", kind: .rollback, destructive: true,
                    params: ["path": .string("auto")]),
                Step(id: "rollback.start-services", title: "Restart application services", kind: .command),
                Step(id: "rollback.verified", title: "Rollback verified and team notified", kind: .signoff),
            ], role: .rollback),
    ])

    static let t0 = Fixtures.t0

    /// One `HTTP checks (<label>)` table with its per-endpoint check results (HttpExecutor's shape).
    static func http(_ step: String, label: String, healthOK: Bool = true) -> [MigrationEvent] {
        let rows = [
            [
                "endpoint:teachers", "http://127.0.0.1:8080/teachers", "200", "12.5",
                "HTTP 200 in 12.5 ms, JSON list of 40",
            ],
            [
                "endpoint:health", "http://127.0.0.1:8080/health", healthOK ? "200" : "500", "3.0",
                healthOK ? "HTTP 200 in 3.0 ms, JSON object" : "HTTP 500 in 3.0 ms",
            ],
        ]
        let status: [CheckStatus] = [.pass, healthOK ? .pass : .fail]
        return [.stepStarted(step: step, attempt: 1)]
            + zip(rows, status).map { .checkResult(step: step, name: $0[0], status: $1, evidence: $0[4]) }
            + [
                .result(
                    step: step,
                    table: ResultTable(
                        title: "HTTP checks (\(label))",
                        columns: ["check", "url", "http_status", "latency_ms", "evidence"],
                        rows: rows, status: status)),
                .stepFinished(step: step, outcome: healthOK ? .passed : .failed, seconds: 0.1),
            ]
    }

    /// One round of the health watch; `failing` targets fail.
    static func round(_ i: Int, of n: Int, failing: Set<String> = []) -> [MigrationEvent] {
        let step = "deployment.monitor"
        let rows: [[String]] = [
            ["database", "1.2", "SELECT 1 on edu in 1.2 ms"],
            failing.contains("api")
                ? ["api", "-", "health: connection refused"]
                : ["api", "8.5", "health: HTTP 200 in 8.5 ms, JSON object"],
            ["frontend", "3.1", "HTTP 200 in 3.1 ms, 512 bytes"],
        ]
        let status = rows.map { failing.contains($0[0]) ? CheckStatus.fail : .pass }
        return zip(rows, status).map {
            .checkResult(step: step, name: $0[0], status: $1, evidence: "round \(i)/\(n): \($0[2])")
        }
            + [
                .result(
                    step: step,
                    table: ResultTable(
                        title: "Health check #\(i) of \(n)", columns: ["target", "latency_ms", "evidence"],
                        rows: rows, status: status)),
                .progress(step: step, item: "health check", done: Int64(i), total: Int64(n), unit: "rounds"),
            ]
    }

    /// The watch started: 6 rounds every 60 s, threshold 2.
    static let watchStart: [MigrationEvent] = [
        .stageStarted(stage: "deployment"),
        .stepStarted(step: "deployment.monitor", attempt: 1),
        .log(
            step: "deployment.monitor", level: .info,
            message:
                "health watch: 6 rounds every 60.0 s, targets database, api, frontend, fail after 2 consecutive failures"
        ),
    ]

    static let healthFailed: MigrationEvent = .stepFailed(
        step: "deployment.monitor",
        failure: StepFailure(
            code: "health-failed", message: "api failed 2 health checks in a row (round 3 of 6)",
            location: "deployment.monitor",
            fix:
                "Investigate the application and database now; if they cannot be fixed quickly, run the rollback procedure."
        ), seconds: 130)

    /// The cutover preview as CutoverExecutor emits it (two sessions, nothing renamed yet).
    static let preview: [MigrationEvent] = [
        .stepStarted(step: "deployment.cutover-preview", attempt: 1),
        .result(
            step: "deployment.cutover-preview",
            table: ResultTable(
                title: "Sessions connected to edu, edu_new",
                columns: ["pid", "datname", "usename", "application_name", "client", "state", "since"],
                rows: [
                    ["4242", "edu", "app", "backend", "10.0.0.7", "idle", "2026-11-25 21:00:00"],
                    ["4243", "edu_new", "report", "psql", "local", "active", "2026-11-25 21:05:00"],
                ])),
        .result(
            step: "deployment.cutover-preview",
            table: ResultTable(
                title: "Cutover plan", columns: ["from", "to", "state"],
                rows: [["edu", "edu_legacy", "to do"], ["edu_new", "edu", "to do"]])),
        .checkResult(
            step: "deployment.cutover-preview", name: "sessions to terminate", status: .warn,
            evidence: "2 session(s) on edu, edu_new"),
        .stepFinished(step: "deployment.cutover-preview", outcome: .warned, seconds: 0.2),
    ]

    /// Validation results the success criteria read (orphans 0, reconciliation balanced).
    static let validation: [MigrationEvent] = [
        .stageStarted(stage: "validation"),
        .stepStarted(step: "validation.orphans", attempt: 1),
        .result(
            step: "validation.orphans",
            table: ResultTable(
                title: "Orphaned records", columns: ["check", "orphans"],
                rows: [["students without person", "0"], ["teachers without person", "0"]])),
        .stepFinished(step: "validation.orphans", outcome: .passed, seconds: 1),
        .stepStarted(step: "validation.reconciliation", attempt: 1),
        .result(
            step: "validation.reconciliation",
            table: ResultTable(
                title: "Reconciliation", columns: ["table_name", "source_rows", "migrated", "merged", "rejected"],
                rows: [["persons", "1000", "990", "7", "3"], ["teachers", "50", "50", "0", "0"]])),
        .stepFinished(step: "validation.reconciliation", outcome: .passed, seconds: 1),
        .stageFinished(stage: "validation", outcome: .passed),
    ]

    /// A state with `events` folded in (one second apart from t0).
    static func state(_ events: [MigrationEvent], size: TermSize = TermSize(rows: 24, cols: 80)) -> WizardState {
        var s = WizardState(
            plan: plan, info: StartInfo(source: "host=/tmp dbname=edu user=postgres"), size: size, now: t0)
        for r in Fixtures.records(events) { _ = s.handle(.event(r)) }
        return s
    }
}
