import Foundation
import MigrationCore
import Testing
import TestSupport

/// Drives the wizard of a running `edu-migrate demo` by keys, the way a DBA would, reading the plan
/// for stage positions, sign-off rows and step counts so plan edits do not break the test.
struct DemoDriver {
    let t: TmuxTerminal
    let plan: Plan
    let captures: Captures
    let operatorName = "Tester"

    func stage(_ id: String) throws -> (index: Int, stage: Stage) {
        let i = try #require(plan.stages.firstIndex { $0.id == id }, "no stage \(id) in the plan")
        return (i, plan.stages[i])
    }

    func row(_ stepID: String, in stage: Stage) throws -> Int {
        try #require(stage.steps.firstIndex { $0.id == stepID }, "no step \(stepID) in \(stage.id)")
    }

    /// `g`, then `j` n times, then `then`: the cursor on row `n` whatever it was on.
    func select(row n: Int, then keys: String...) async throws {
        try await t.send(keys: ["g"] + Array(repeating: "j", count: n) + keys)
    }

    /// The phase overview, then the stage's screen.
    func open(_ id: String) async throws {
        let (i, stage) = try stage(id)
        try await t.send("p")
        try await t.waitFor("Phase overview")
        try await select(row: i, then: "Enter")
        try await t.waitFor("edu-migrate ▶ \(stage.title)")
    }

    /// The pre-migration checklist: automatic checks by `r`, every manual item signed by keys,
    /// the operator's name typed once (at the first sign-off only).
    func signChecklist(_ id: String) async throws {
        let (_, stage) = try stage(id)
        try await t.send("r")
        let checked = try await t.waitFor("PostgreSQL 15.", timeout: 30)
        try #require(checked.contains("✓ ok"))
        let autos = stage.steps.filter { $0.kind != .signoff }.count
        var done = autos
        try await t.waitFor(" \(done)/\(stage.steps.count) done")
        for step in stage.steps where step.kind == .signoff {
            try await select(row: try row(step.id, in: stage), then: "Space")
            if done == autos {
                try await t.waitFor("Your name")
                try await t.type(operatorName)
                try await t.send("Enter")
            }
            done += 1
            // A leading space: " 5/15" must not match "15/15".
            let s = try await t.waitFor(" \(done)/\(stage.steps.count) done")
            try #require(!s.contains("Your name"), "the operator's name is asked once")
        }
        captures.save("checklist-signed", try await t.waitFor("Operator: \(operatorName)"))
    }

    /// A checklist of manual items only: opens it and signs every item by keys.
    func signEvery(_ id: String) async throws {
        let (_, stage) = try stage(id)
        try await open(id)
        for step in stage.steps where step.kind == .signoff { try await sign(step, in: stage) }
        try await t.waitFor(" \(stage.steps.count)/\(stage.steps.count) done")
    }

    /// Runs a phase by `r` and signs each of its manual items when the core waits for it.
    /// `during` runs right after `r` (the copy capture and resizes of phase 3).
    /// `signed`: manual items signed before (in an earlier session), not waited for again.
    func runPhase(
        _ id: String, timeout: Double = 120, signed: Set<String> = [],
        during: (() async throws -> Void)? = nil,
        beforeLastSignOff: (() async throws -> Void)? = nil
    ) async throws {
        try await open(id)
        let (_, stage) = try stage(id)
        let total = stage.steps.count
        try await t.send("r")
        if let during { try await during() }
        let signoffs = stage.steps.filter { $0.kind == .signoff && !signed.contains($0.id) }
        for (k, step) in signoffs.enumerated() {
            // The status line names the awaited item; long titles are cut, so match a prefix.
            try await t.waitFor("Waiting for your sign-off: \(step.title.prefix(30))", timeout: timeout)
            if k == signoffs.count - 1, let beforeLastSignOff { try await beforeLastSignOff() }
            try await sign(step, in: stage)
        }
        let s = try await t.waitFor("\(stage.title) \(total)/\(total)", timeout: timeout)
        try #require(!s.contains("FAIL"), "no step of \(stage.title) failed")
        captures.save("\(id)-done", s)
    }

    /// Space on a manual item; types the operator's name when this session asks for it.
    func sign(_ step: Step, in stage: Stage) async throws {
        try await select(row: try row(step.id, in: stage), then: "Space")
        // After a sign-off the cursor goes on to the next item waiting (the signed row may scroll
        // away): the status line names what was signed.
        let signed = { (s: String) in
            s.contains("✓ sign \(step.title.prefix(30))") || s.contains("Signed: \(step.title.prefix(30))")
        }
        if let s = try? await t.waitUntil(
            "sign-off of \(step.id) or the name dialog", timeout: 5, { $0.contains("Your name") || signed($0) })
        {
            guard s.contains("Your name") else { return }
            try await t.type(operatorName)
            try await t.send("Enter")
            if (try? await t.waitUntil("sign-off of \(step.id)", timeout: 5, signed)) != nil { return }
        }
        // The status line may already say something newer: the row itself, selected again, shows it.
        try await select(row: try row(step.id, in: stage))
        try await t.waitFor("✓ sign \(step.title.prefix(30))")
    }

    /// Runs a phase until `stepID` runs, then quits: the wizard asks first, "Cancel step and quit"
    /// cancels the step and the program exits. Returns the last screen (`EXITED rc=N`).
    func quitWhileRunning(_ id: String, step stepID: String) async throws -> String {
        try await open(id)
        let (_, stage) = try stage(id)
        try await t.send("r")
        for step in stage.steps.prefix(while: { $0.id != stepID }) where step.kind == .signoff {
            try await t.waitFor("Waiting for your sign-off: \(step.title.prefix(30))", timeout: 120)
            try await sign(step, in: stage)
        }
        let title = try #require(stage.steps.first { $0.id == stepID }?.title)
        try await t.waitFor("▶ run  \(title.prefix(30))", timeout: 120)
        try await t.send("q")
        let ask = captures.save("quit-question-mid-phase", try await t.waitFor("Quit?"))
        try #require(ask.contains("Cancel step and quit"))
        try await t.send("Tab", "Enter")
        return try await t.waitFor("EXITED rc=", timeout: 60)
    }

    /// True while the transfer runs with a table part-way: an unfinished bar, rows done (> 0) of the
    /// total, a rate (> 0), and the throughput in rows/s.
    static func isCopying(_ s: String) -> Bool {
        s.contains("▶ run  Stream legacy tables")
            && s.contains(#/░ [1-9][\d,]*/[\d,]+ rows [1-9][\d.]*[kMG]?/s/#)
            && s.contains(#/Throughput [\d.]+[kMG]? rows/s/#)
    }

    /// The box around a phase's step list, drawn to the full width `cols` (proves a redraw at that size).
    static func fullWidthBox(_ s: String, title: String, cols: Int) -> Bool {
        s.screenLines.contains { $0.hasPrefix("┌─ \(title)") && $0.count == cols && $0.hasSuffix("┐") }
    }

    /// During the copy: capture it, then resize 100x30 -> 80x24 -> 70x20 -> 120x40 and check each redraw.
    func copyAndResize(stageTitle: String) async throws {
        let copy = try await t.waitUntil(
            "a table part-way through the transfer", timeout: 90, poll: 0.05, Self.isCopying)
        captures.save("during-copy-100x30", copy)
        try await t.resize(rows: 24, cols: 80)
        let small = try await t.waitUntil("redraw at 80x24") { Self.fullWidthBox($0, title: stageTitle, cols: 80) }
        captures.save("resized-80x24", small)
        try #require(!small.contains("too small"))
        try #require(small.screenLines.allSatisfy { $0.count <= 80 })
        try await t.resize(rows: 20, cols: 70)
        captures.save("resized-70x20", try await t.waitFor("terminal too small: need 80x24, have 70x20"))
        try await t.resize(rows: 40, cols: 120)
        let big = try await t.waitUntil("redraw at 120x40") { Self.fullWidthBox($0, title: stageTitle, cols: 120) }
        captures.save("resized-120x40", big)
        try #require(!big.contains("too small"))
        if Self.isCopying(big) { captures.save("during-copy-120x40", big) }
    }

    /// Opens the reconciliation reader (validation's ledger step) and checks every legacy table balances.
    func reconciliation(stage id: String, step stepID: String, tables: [String]) async throws {
        let (_, stage) = try stage(id)
        try await select(row: try row(stepID, in: stage), then: "v")
        let s = try await t.waitFor("source_table")
        captures.save("after-validation-reconciliation", s)
        try #require(s.contains("(\(tables.count) rows;"))
        for name in tables {
            // Names may be cut with an ellipsis when the columns give way; 15 characters are unique here.
            let line = s.screenLines.first { $0.contains("│✓ ok   \(name.prefix(15))") }
            try #require(line != nil, "reconciliation row of \(name) passes")
            try #require(line?.contains("pass") ?? false)
        }
        try #require(s.screenLines.filter { $0.contains("✓ ok") }.count == tables.count)
        try #require(!s.contains("FAIL") && !s.contains("fail "))
        try await t.send("Escape")
        try await t.waitFor("edu-migrate ▶ \(stage.title)")
    }
}
