import Foundation
import MigrationCore
import Testing
import TestSupport

/// The report agrees with the overview: a wizard session (which never ends a run) with every
/// step done is not "run not finished", and a sign-off is not told as a rollback that ran.
@Suite struct ReportOutcomeTests {
    /// A wizard journal of the real plan: every step of the checklists and phases done, signed
    /// interactively (no stepStarted for a sign-off), no runFinished.
    static func wizardJournal(through last: String? = nil, warnedStep: String? = nil) throws -> (Plan, [EventRecord]) {
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        let t0 = Date(timeIntervalSince1970: 1_780_000_000)
        var events: [MigrationEvent] = [.runStarted(runID: "w1", planStages: plan.stages.map(\.id), resumed: false)]
        stages: for stage in plan.stages where stage.kind != .procedure {
            events.append(.stageStarted(stage: stage.id))
            for step in stage.steps {
                if step.kind == .signoff {
                    events.append(
                        .log(
                            step: step.id, level: .info, message: "waiting for the operator to sign off: \(step.title)")
                    )
                    events.append(.signedOff(SignOff(stepID: step.id, operatorName: "Aysel M.", at: t0)))
                } else {
                    events.append(.stepStarted(step: step.id, attempt: 1))
                    events.append(
                        .stepFinished(step: step.id, outcome: step.id == warnedStep ? .warned : .passed, seconds: 1))
                }
                if step.id == last { break stages }
            }
            events.append(.stageFinished(stage: stage.id, outcome: .passed))
        }
        return (
            plan,
            events.enumerated().map {
                EventRecord(seq: $0.offset + 1, at: t0.addingTimeInterval(Double($0.offset)), event: $0.element)
            }
        )
    }

    static func outcome(_ md: String) -> String {
        md.split(separator: "\n").first { $0.hasPrefix("- Outcome: ") }.map(String.init) ?? "(none)"
    }

    @Test func everyStepDoneInTheWizardIsNotRunNotFinished() throws {
        let (plan, records) = try Self.wizardJournal(warnedStep: "preparation.critical-issues")
        let md = ReportWriter.render(events: records, config: MigrationConfig(source: "dbname=edu"), plan: plan)
        let line = Self.outcome(md)
        let steps = plan.stages.flatMap(\.steps).count
        let rollback = try #require(plan.stage("rollback")).steps.count
        #expect(
            line == "- Outcome: **warned**: all required steps done, \(steps - rollback)/\(steps) steps done "
                + "(the other \(rollback) are steps of Rollback, run only on request)", "\(line)")
        // Part way: the count and the next step, as the overview's "Next:" line says.
        let (_, partial) = try Self.wizardJournal(through: "schema.create-database")
        let part = Self.outcome(
            ReportWriter.render(events: partial, config: MigrationConfig(source: "dbname=edu"), plan: plan))
        #expect(part.hasPrefix("- Outcome: not finished: ") && part.contains(" steps done; next: "), "\(part)")
        // A headless run that ended says how; a wizard session started after it is the latest word.
        var ended = records
        ended.append(
            EventRecord(
                seq: 9000, at: Date(timeIntervalSince1970: 1_780_100_000),
                event: .runFinished(outcome: .passed, reason: nil)))
        #expect(
            Self.outcome(ReportWriter.render(events: ended, config: MigrationConfig(source: "dbname=edu"), plan: plan))
                .hasPrefix("- Outcome: **passed** at "))
        ended.append(
            EventRecord(
                seq: 9001, at: Date(timeIntervalSince1970: 1_780_100_001),
                event: .runStarted(runID: "w2", planStages: [], resumed: true)))
        #expect(
            Self.outcome(ReportWriter.render(events: ended, config: MigrationConfig(source: "dbname=edu"), plan: plan))
                .hasPrefix("- Outcome: **warned**: all required steps done"))
    }

    /// The checklists' "Rollback procedures tested" sign-offs are not the rollback procedure:
    /// the Rollback section printed them as "signed by … after -, attempts 0".
    @Test func aRollbackThatNeverRanIsNotInTheRollbackSection() throws {
        let (plan, records) = try Self.wizardJournal()
        let md = ReportWriter.render(events: records, config: MigrationConfig(source: "dbname=edu"), plan: plan)
        let rollback = try #require(
            md.components(separatedBy: "## Rollback\n").last?.components(separatedBy: "\n## ").first)
        #expect(rollback.trimmingCharacters(in: .whitespacesAndNewlines) == "_Nothing recorded._", "\(rollback)")
        #expect(!md.contains("attempts 0"))
        // The procedure's own sign-off, when given, is told as a sign-off.
        var signed = records
        signed.append(
            EventRecord(
                seq: 9000, at: Date(timeIntervalSince1970: 1_780_100_000), event: .stageStarted(stage: "rollback")))
        signed.append(
            EventRecord(
                seq: 9001, at: Date(timeIntervalSince1970: 1_780_100_001),
                event: .log(step: "rollback.verified", level: .info, message: "waiting for the operator to sign off")))
        signed.append(
            EventRecord(
                seq: 9002, at: Date(timeIntervalSince1970: 1_780_100_001),
                event: .signedOff(
                    SignOff(
                        stepID: "rollback.verified", operatorName: "Aysel M.",
                        at: Date(timeIntervalSince1970: 1_780_100_001)))))
        let md2 = ReportWriter.render(events: signed, config: MigrationConfig(source: "dbname=edu"), plan: plan)
        #expect(md2.contains("### rollback.verified\n\n- Signed by Aysel M. at "), "\(md2)")
        #expect(!md2.contains("attempts 0"))
    }

    /// "3 queries no slower than the legacy baseline" beside `2.928 → 5.12 ms` was false: the
    /// words now say which were slower (within the rule) and which were not.
    @Test func thePerformanceSentenceIsTrueOfItsNumbers() {
        let c = SuccessCriteria.evaluate(events: CannedJournal.records(newMs: "85.5"), plan: realPlan)[4]
        #expect(c.status == .pass)
        #expect(
            c.evidence.hasPrefix(
                "1 query, none slower than the rule allows (fail when new > 2x legacy and new - legacy > 50 ms): "
                    + "0 no slower than the legacy baseline, 1 slower within the rule; legacy → new: 80.25 → 85.5 ms"),
            "\(c.evidence)")
        #expect(!c.evidence.contains("1 query no slower"))
        let faster = SuccessCriteria.evaluate(events: CannedJournal.records(newMs: "8.5"), plan: realPlan)[4]
        #expect(
            faster.evidence.contains("all no slower than the legacy baseline; legacy → new: 80.25 → 8.5 ms"),
            "\(faster.evidence)")
    }
}
