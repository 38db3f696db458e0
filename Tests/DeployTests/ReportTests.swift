import Foundation
import MigrationCore
import Testing

/// A canned journal: validation, integration, deployment with cutover and a health watch.
enum CannedJournal {
    static func records(watchFails: Bool = false, orphans: String = "0", newMs: String = "8.5") -> [EventRecord] {
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        var events: [MigrationEvent] = [
            .runStarted(runID: "r1", planStages: ["validation", "integration", "deployment"], resumed: false),
            .log(
                step: "pre-migration.team", level: .info,
                message: "waiting for the operator to sign off: Team coordination"),
            .signedOff(
                SignOff(
                    stepID: "pre-migration.team", operatorName: "Aysel M.", at: t0,
                    evidence: "window agreed 22:00-06:00")),
            .stageStarted(stage: "preparation"),
            .stepStarted(step: "preparation.analysis", attempt: 1),
            .result(
                step: "preparation.analysis",
                table: ResultTable(
                    title: "Orphans in legacy (analysis)",
                    columns: ["check", "count"], rows: [["students without person", "17"]])),
            .stepFinished(step: "preparation.analysis", outcome: .passed, seconds: 2),
            .stepStarted(step: "preparation.backup-full", attempt: 1),
            .result(
                step: "preparation.backup-full",
                table: ResultTable(
                    title: "Backup files",
                    columns: ["file", "size", "sha256"], rows: [["edu_full.backup", "1048576", "ab12cd"]])),
            .stepFinished(step: "preparation.backup-full", outcome: .passed, seconds: 12),
            .stepStarted(step: "preparation.performance-baseline", attempt: 1),
            .result(
                step: "preparation.performance-baseline",
                table: ResultTable(
                    title: "Query 1 (sql/analysis/40_performance_baseline.sql:3)",
                    columns: ["QUERY PLAN"], rows: [["Limit  (cost=0.00..1.00)"], ["Execution Time: 80.250 ms"]])),
            .stepFinished(step: "preparation.performance-baseline", outcome: .passed, seconds: 1),
            .stageFinished(stage: "preparation", outcome: .passed),
            .stageStarted(stage: "validation"),
            .stepStarted(step: "validation.orphans", attempt: 1),
            .result(
                step: "validation.orphans",
                table: ResultTable(
                    title: "orphans (sql/validation/15_orphans.sql:1)",
                    columns: ["check_name", "orphan_count"],
                    rows: [["students_without_person", orphans], ["courses_without_subject", "0"]],
                    status: [orphans == "0" ? .pass : .fail, .pass])),
            .stepFinished(step: "validation.orphans", outcome: orphans == "0" ? .passed : .failed, seconds: 1.5),
            .stepStarted(step: "validation.reconciliation", attempt: 1),
            .result(
                step: "validation.reconciliation",
                table: ResultTable(
                    title: "reconciliation",
                    columns: ["source_table", "source_rows", "migrated", "merged", "rejected"],
                    rows: [["persons", "1000", "980", "15", "5"], ["accounts", "900", "890", "10", "0"]])),
            .stepFinished(step: "validation.reconciliation", outcome: .passed, seconds: 0.4),
            .stepStarted(step: "validation.performance", attempt: 1),
            .result(
                step: "validation.performance",
                table: ResultTable(
                    title: "Query 1 (sql/validation/17_performance.sql:5)",
                    columns: ["QUERY PLAN"], rows: [["Limit  (cost=0.00..1.00)"], ["Execution Time: \(newMs) ms"]])),
            .stepFinished(step: "validation.performance", outcome: .passed, seconds: 3),
            .stageFinished(stage: "validation", outcome: .passed),
            .stageStarted(stage: "deployment"),
            .stepStarted(step: "deployment.http-after", attempt: 1),
            .checkResult(
                step: "deployment.http-after", name: "endpoint:teachers", status: .pass,
                evidence: "HTTP 200 in 3.1 ms, JSON list of 50"),
            .checkResult(
                step: "deployment.http-after", name: "frontend", status: .pass,
                evidence: "HTTP 200 in 2.0 ms, 310 bytes"),
            .result(
                step: "deployment.http-after",
                table: ResultTable(
                    title: "HTTP checks (after)", columns: ["check", "url"],
                    rows: [
                        ["endpoint:teachers", "http://127.0.0.1:8000/teachers"],
                        ["frontend", "http://127.0.0.1:3000/"],
                    ],
                    status: [.pass, .pass])),
            .stepFinished(step: "deployment.http-after", outcome: .passed, seconds: 0.1),
            .stepStarted(step: "deployment.cutover", attempt: 1),
            .log(step: "deployment.cutover", level: .notice, message: "renaming database edu to edu_legacy"),
            .checkResult(
                step: "deployment.cutover", name: "databases renamed", status: .pass, evidence: "edu = former edu_new"),
            .stepFinished(step: "deployment.cutover", outcome: .passed, seconds: 0.8),
            .stepStarted(step: "deployment.monitor", attempt: 1),
        ]
        for round in 1...3 {
            let bad = watchFails && round == 3
            events.append(
                .checkResult(
                    step: "deployment.monitor", name: "api", status: bad ? .fail : .pass, evidence: "round \(round)/3"))
            events.append(
                .result(
                    step: "deployment.monitor",
                    table: ResultTable(
                        title: "Health check #\(round) of 3",
                        columns: ["target", "latency_ms", "evidence"],
                        rows: [
                            ["database", "1.0", "SELECT 1 on edu"], ["api", "2.0", bad ? "HTTP 503" : "HTTP 200"],
                        ],
                        status: [.pass, bad ? .fail : .pass])))
        }
        events.append(.stepFinished(step: "deployment.monitor", outcome: watchFails ? .warned : .passed, seconds: 3))
        events.append(.runFinished(outcome: .passed, reason: nil))
        return events.enumerated().map {
            EventRecord(seq: $0.offset + 1, at: t0.addingTimeInterval(Double($0.offset)), event: $0.element)
        }
    }
}

@Suite struct ReportTests {
    @Test func criteriaPassFromMeasuredResults() {
        let c = SuccessCriteria.evaluate(events: CannedJournal.records(), plan: realPlan)
        #expect(c.count == 6)
        #expect(c.map(\.status) == Array(repeating: .pass, count: 6))
        #expect(c[0].evidence == "2 orphan checks, all 0")  // the legacy analysis' orphans are not counted
        #expect(c[1].evidence.contains("1900 source rows"))
    }

    /// After a rollback its own HTTP checks test the legacy database again: they are not the
    /// migration's evidence (the criteria kept quoting rollback.http-after as "endpoints OK").
    @Test func theRollbacksOwnChecksAreNotTheMigrationsEvidence() {
        var records = CannedJournal.records()
        let rollback: [MigrationEvent] = [
            .stageStarted(stage: "rollback"),
            .stepStarted(step: "rollback.http-after", attempt: 1),
            .checkResult(
                step: "rollback.http-after", name: "endpoint:teachers", status: .pass,
                evidence: "HTTP 200 on the legacy database"),
            .checkResult(step: "rollback.http-after", name: "frontend", status: .pass, evidence: "HTTP 200 legacy"),
            .result(
                step: "rollback.http-after",
                table: ResultTable(
                    title: "HTTP checks (after rollback)", columns: ["check", "url"],
                    rows: [["endpoint:teachers", "u"], ["frontend", "f"]], status: [.pass, .pass])),
            .stepFinished(step: "rollback.http-after", outcome: .passed, seconds: 0.1),
        ]
        let t = records.last?.at ?? Date()
        records += rollback.enumerated().map {
            EventRecord(
                seq: records.count + $0.offset + 1, at: t.addingTimeInterval(Double($0.offset + 1)), event: $0.element)
        }
        let c = SuccessCriteria.evaluate(events: records, plan: realPlan)
        #expect(
            c.allSatisfy { !$0.evidence.contains("rollback.http-after") && !$0.evidence.contains("legacy database") },
            "\(c.map(\.evidence))")
        #expect(c.contains { $0.evidence.contains("deployment.http-after") })
    }

    @Test func criteriaFailOnOrphansAndWatchErrors() {
        let c = SuccessCriteria.evaluate(events: CannedJournal.records(watchFails: true, orphans: "3"), plan: realPlan)
        #expect(c[0].status == .fail && c[0].evidence.contains("students_without_person = 3"))
        #expect(c[5].status == .fail && c[5].evidence.contains("1 failed checks in 3 rounds"))
    }

    @Test func performanceFailsWhenSlowerThanBaseline() {
        let c = SuccessCriteria.evaluate(events: CannedJournal.records(newMs: "200.0"), plan: realPlan)
        #expect(c[4].status == .fail && c[4].evidence.contains("200.0 ms vs 80.25 ms"))
    }

    @Test func criteriaNotMeasuredWithoutEvidence() {
        let c = SuccessCriteria.evaluate(events: [], plan: realPlan)
        #expect(c.allSatisfy { $0.status == .notMeasured })
    }

    @Test func reportHasEverySectionAndNoSecrets() {
        var config = MigrationConfig(source: "host=db1 dbname=edu user=postgres password=hunter2")
        config.workDir = "/srv/mig"
        var records = CannedJournal.records()
        records.append(
            EventRecord(
                seq: 999, at: Date(),
                event: .log(
                    step: "deployment.cutover", level: .warning,
                    message: "conninfo postgresql://postgres:s3cret@db1/edu PGPASSWORD=1111")))
        let md = ReportWriter.render(events: records, config: config, plan: realPlan)
        for heading in [
            "Success criteria", "Sign-offs", "Steps", "Backups", "Reconciliation", "Performance (legacy vs new)",
            "Analysis", "Validation", "Application checks", "Cutover", "Health watch", "Rollback",
        ] {
            #expect(md.contains("## \(heading)\n"), "missing section \(heading)")
        }
        #expect(md.contains("| pre-migration.team | Aysel M. |"))
        // In the steps table a manual item is told by its sign-off, not "not finished".
        let row = md.split(separator: "\n").first { $0.hasPrefix("| pre-migration | pre-migration.team |") }
        #expect(
            row?.contains("signed by Aysel M.") == true && row?.contains("not finished") == false,
            "\(String(describing: row))")
        #expect(md.contains("window agreed 22:00-06:00"))
        #expect(md.contains("| edu_full.backup | 1048576 | ab12cd |"))
        #expect(md.contains("| OK | query 1: Query 1 (sql/validation/17_performance.sql:5) | 80.25 | 8.5 |"))
        #expect(md.contains("renaming database edu to edu_legacy"))
        #expect(md.contains("| 3 of 3 | OK SELECT 1 on edu | OK HTTP 200 |"))
        #expect(md.contains("| deployment | deployment.cutover |"))
        #expect(!md.contains("hunter2") && !md.contains("s3cret") && !md.contains("1111"))
    }
}
