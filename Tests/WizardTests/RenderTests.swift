import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

@Suite struct RenderTests {
    static let sizes = [(24, 80), (40, 120), (30, 100), (50, 160)]

    /// Every screen at every size, UTF-8 and ASCII, colour and not: nothing cut at the right edge.
    @Test(arguments: [false, true], [false, true])
    func everyScreenFitsItsWidth(ascii: Bool, color: Bool) {
        var base = Fixtures.state()
        base.operatorName = "Aysel"
        let screens: [Screen] = [
            .start, .overview, .checklist("pre-migration"), .phase("migration"),
            .phase("preparation"), .reader("preparation.analysis"), .help(.phase),
        ]
        for (rows, cols) in Self.sizes {
            for screen in screens {
                var s = base
                s.screens = [.start, screen]
                let term = renderOnGridTerminal(s, rows: rows, cols: cols, ascii: ascii, color: color)
                #expect(term.clippedWrites == 0, "\(screen) at \(cols)x\(rows) wrote past the edge")
                #expect(term.lines().allSatisfy { $0.count == cols })
                if ascii {
                    let nonASCII = term.snapshot().unicodeScalars.filter { !$0.isASCII }
                    #expect(nonASCII.isEmpty, "\(screen) not ASCII")
                }
            }
        }
    }

    @Test func phaseScreenShowsLivePanels() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        s.now = Fixtures.t0.addingTimeInterval(40)
        let utf = renderOnGridTerminal(s, rows: 40, cols: 120).snapshot()
        #expect(utf.contains("persons"))
        #expect(utf.contains("150,000/500,000 rows"))
        #expect(utf.contains("ETA "))
        #expect(utf.contains("█"))
        #expect(utf.contains("pg_stat_progress_copy"))
        #expect(utf.contains("tuples_processed=150000"))
        #expect(utf.contains("Statement: COPY persons"))
        #expect(utf.contains("persons: copy started"))
        #expect(utf.contains("Throughput"))
        #expect(utf.contains("▶ run"))
        let ascii = renderOnGridTerminal(s, rows: 24, cols: 80, ascii: true).snapshot()
        #expect(ascii.contains("[ .. ]"))
        #expect(ascii.contains("#"))
        #expect(ascii.contains("150,000/500,000"))
        #expect(!ascii.contains("█"))
    }

    @Test func statusBarIsTheKeyTable() {
        var s = Fixtures.state()
        s.screens = [.start, .phase("migration")]
        let term = renderOnGridTerminal(s, rows: 40, cols: 160)
        let bar = term.lines().last ?? ""
        let expected = KeyTable.statusBar(on: .phase).map { "\($0.label) \($0.name)" }.joined()
        #expect(bar.replacingOccurrences(of: " ", with: "").hasPrefix(expected.replacingOccurrences(of: " ", with: "")))
        #expect(bar.contains("F8/c Cancel"))
        #expect(!bar.contains("F6/s Step"), "not a status-bar key")
    }

    @Test func narrowStatusBarKeepsTheImportantKeys() {
        var s = Fixtures.state()
        s.screens = [.start, .checklist("pre-migration")]
        let bar = renderOnGridTerminal(s, rows: 24, cols: 80).lines().last ?? ""
        // Abbreviated to the letter alias, most important first (issue 13 item 8: F2/p, F3/v and
        // F4/a were dropped at 80 columns).
        for key in ["? Help", "q Quit", "Enter Open", "p Phases", "v Results", "a Criteria", "r Run", "c Cancel"] {
            #expect(bar.contains(key), "status bar at 80 columns lacks \(key)")
        }
        var phase = Fixtures.state()
        phase.screens = [.start, .phase("migration")]
        let phaseBar = renderOnGridTerminal(phase, rows: 24, cols: 80).lines().last ?? ""
        for key in ["p Phases", "v Results", "a Criteria"] { #expect(phaseBar.contains(key), "\(phaseBar)") }
        // Wide enough, every key in full.
        #expect((renderOnGridTerminal(phase, rows: 40, cols: 200).lines().last ?? "").contains("F2/p Phases"))
        let kept = KeyTable.statusBar(on: .checklist, width: 80)
        #expect(kept.allSatisfy { b in KeyTable.statusBar(on: .checklist).contains { $0.action == b.action } })
    }

    /// A live item with one sample shows no rate yet ("--/s"), not "0 B/s"; with two it has one.
    @Test func aLiveItemWithOneSampleShowsNoRateYet() {
        let start: [MigrationEvent] = [
            .stepStarted(step: "preparation.backup", attempt: 1),
            .progress(
                step: "preparation.backup", item: "edu_custom.backup", done: 1_677_722, total: nil, unit: "bytes"),
        ]
        var s = Fixtures.state(start)
        s.screens = [.start, .phase("preparation")]
        let one = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot()
        #expect(one.contains("1.6 MiB/? --/s"), "\(one)")
        var two = Fixtures.state(
            start + [
                .progress(
                    step: "preparation.backup", item: "edu_custom.backup", done: 3_355_444, total: nil, unit: "bytes")
            ])
        two.screens = [.start, .phase("preparation")]
        let text = renderOnGridTerminal(two, rows: 30, cols: 100).snapshot()
        #expect(text.contains("3.2 MiB/? 3.2 MiB/s"), "\(text)")
    }

    /// The overview's step counts and durations are right-aligned: "6/6" lines up under "15/15".
    @Test func overviewCountsLineUp() throws {
        // The real plan: stages of 6 and of 15+ steps.
        var s = WizardState(
            plan: try PlanLoader.load(assets: TestCluster.assets),
            info: StartInfo(source: "host=/tmp dbname=edu user=postgres"),
            size: TermSize(rows: 30, cols: 100), now: Date())
        s.screens = [.start, .overview]
        let lines = renderOnGridTerminal(s, rows: 30, cols: 100).snapshot().split(separator: "\n").map(String.init)
            .filter { !$0.contains("steps done") }
        let ends = lines.compactMap { line -> Int? in
            guard let m = line.firstMatch(of: #/ (\d+)/(\d+)( |$)/#) else { return nil }
            return line.distance(from: line.startIndex, to: m.range.lowerBound)
                + m.output.0.trimmingCharacters(in: .whitespaces).count
        }
        #expect(ends.count >= 3, "\(lines)")
        #expect(Set(ends).count == 1, "counts end in different columns: \(ends)")
    }

    @Test func helpListsEveryBindingOfTheScreen() {
        var s = Fixtures.state()
        s.screens = [.start, .help(.checklist)]
        let text = renderOnGridTerminal(s, rows: 60, cols: 120).snapshot()
        for b in KeyTable.bindings(on: .checklist) {
            #expect(text.contains(b.label), "help misses \(b.label)")
            #expect(text.contains(b.description.prefix(30)), "help misses \(b.name)")
        }
        // The status legend names every status a screen can show.
        for tag in [
            "✓ ok passed", "✓ sign signed", "! warn warned", "✗ FAIL failed", "▶ run running", "⊘ cncl cancelled",
            "- skip skipped", "· todo pending",
        ] {
            #expect(text.contains(tag), "legend misses \(tag)")
        }
    }

    @Test func helpScrollsToEveryBindingAt80x24() {
        var s = Fixtures.state()
        _ = s.handle(.resize(TermSize(rows: 24, cols: 80)))
        s.screens = [.start, .help(.checklist)]
        var seen = ""
        for _ in 0..<40 {
            seen += renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
            _ = Fixtures.press(&s, .char("j"))
        }
        for b in KeyTable.bindings(on: .checklist) { #expect(seen.contains(b.label), "never shown: \(b.label)") }
        #expect(seen.contains("(more: j/PgDn)"))
        // Scrolling reaches the end of the legend and the last line (the count includes them).
        #expect(seen.contains("· todo pending"), "the legend's last line is unreachable")
        #expect(
            seen.contains("asked before any hook stops the application;") && seen.contains("focus starts on Cancel."))
    }

    @Test func checklistShowsEvidenceAndSigner() {
        var s = Fixtures.state()
        s.screens = [.start, .checklist("pre-migration")]
        let text = renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        #expect(text.contains("PostgreSQL 15.18"))
        #expect(text.contains("free 80 GB >= 3 x 0.5 GB"))
        #expect(text.contains("signed by Aysel"))
        #expect(text.contains("System Requirements"))
        var fresh = Fixtures.state([.gateBlocked(stage: "preparation", missing: ["pre.window"])])
        fresh.screens = [.start, .phase("preparation")]
        #expect(renderOnGridTerminal(fresh, rows: 24, cols: 80).snapshot().contains("Gate closed"))
    }

    @Test func startScreenShowsServerVersionAndResume() {
        let text = renderOnGridTerminal(Fixtures.state(), rows: 24, cols: 80).snapshot()
        #expect(text.contains("PostgreSQL 15.18"))
        #expect(text.contains("dbname=edu"))
        #expect(text.contains("6 of 9 steps done"))
        #expect(text.contains("Next              Phase 3: Data migration"))
    }

    @Test func tooSmallScreenNamesBothSizesAndStillAnswers() {
        var s = Fixtures.state([])
        _ = s.handle(.resize(TermSize(rows: 20, cols: 60)))
        let term = GridTerminal(rows: 20, cols: 60)
        Renderer(glyphs: .utf8).render(s, into: term)
        #expect(term.snapshot().contains("terminal too small: need 80x24, have 60x20"))
        _ = Fixtures.press(&s, .char("?"))
        Renderer(glyphs: .utf8).render(s, into: term)
        #expect(term.snapshot().contains("q/F10 Quit (asks first while a step is running)"))
        _ = Fixtures.press(&s, .escape)
        #expect(!s.smallHelp)
        #expect(Fixtures.press(&s, .char("q")) == [.quit])
    }

    @Test func confirmDialogStartsOnCancelAndNeedsTheExactName() {
        var s = Fixtures.state([])
        s.screens = [.start, .phase("deployment")]
        #expect(Fixtures.press(&s, .char("r")) == [.send(.runStage("deployment"))])
        let started = Fixtures.records(
            [
                .stepStarted(step: "deployment.cutover", attempt: 1),
                .confirmationRequested(step: "deployment.cutover", typed: "edu", runs: ["deployment.cutover"]),
            ], from: 100)
        for r in started { _ = s.handle(.event(r)) }
        guard case .confirm(let c)? = s.dialog else {
            Issue.record("no confirmation")
            return
        }
        #expect(c.focus == 0 && c.expected == "edu")
        let text = renderOnGridTerminal(s, rows: 24, cols: 80).snapshot()
        #expect(text.contains("> Cancel <"))
        #expect(text.contains("This is the point") && text.contains("of no return"))
        // Typing on Cancel goes into the field (nothing typed is lost), and confirms nothing.
        #expect(Fixtures.type(&s, "ed") == [])
        guard case .confirm(let typed)? = s.dialog else {
            Issue.record("dialog closed by typing")
            return
        }
        #expect(typed.typed == "ed" && typed.focus == 1)
        _ = Fixtures.press(&s, .ctrl("u"))
        _ = Fixtures.type(&s, "edx")
        #expect(Fixtures.press(&s, .enter, .enter, .enter) == [], "held Enter in the field cannot confirm")
        _ = Fixtures.press(&s, .tab)
        #expect(Fixtures.press(&s, .enter) == [], "wrong name cannot confirm")
        _ = Fixtures.press(&s, .backspace)
        _ = Fixtures.type(&s, "u")
        #expect(Fixtures.press(&s, .enter).isEmpty, "Enter in the field never confirms")
        #expect(s.message == "Tab to Confirm, then Enter.")
        _ = Fixtures.press(&s, .tab)
        #expect(Fixtures.press(&s, .enter) == [.send(.confirm(step: "deployment.cutover", typed: "edu"))])
        #expect(s.dialog == nil)
    }

    /// On the "terminal too small" screen a dialog cannot be read: nothing is typed, moved or
    /// confirmed blind; Esc still cancels.
    @Test func aDialogCannotBeAnsweredBlindOnATooSmallTerminal() {
        let ask = MigrationEvent.confirmationRequested(
            step: "deployment.cutover", typed: "edu", runs: ["deployment.cutover"])
        var s = Fixtures.state([.stepStarted(step: "deployment.cutover", attempt: 1), ask])
        _ = s.handle(.resize(TermSize(rows: 20, cols: 70)))
        #expect(Fixtures.type(&s, "edu").isEmpty)
        #expect(Fixtures.press(&s, .tab, .tab, .enter).isEmpty)
        guard case .confirm(let c)? = s.dialog else {
            Issue.record("dialog closed")
            return
        }
        #expect(c.typed.isEmpty && c.focus == 0, "nothing typed or moved while hidden")
        let text = renderOnGridTerminal(s, rows: 20, cols: 70).snapshot()
        #expect(text.contains("enlarge the terminal to answer; Esc cancels"), "\(text)")
        // Back to a size that fits: the "too small" line goes; Enter with a wrong name says how.
        var fits = s
        _ = fits.handle(.resize(TermSize(rows: 30, cols: 100)))
        #expect(fits.message == nil)
        _ = Fixtures.press(&fits, .tab)
        _ = Fixtures.type(&fits, "EDU")
        #expect(Fixtures.press(&fits, .enter).isEmpty)
        #expect(fits.message == "Type edu exactly, then Tab to Confirm.")
        #expect(Fixtures.press(&s, .escape) == [.send(.cancel)])
        #expect(s.dialog == nil)
    }

    @Test func cancellingTheConfirmationStopsTheWaitingStep() {
        let ask = MigrationEvent.confirmationRequested(
            step: "deployment.cutover", typed: "edu", runs: ["deployment.cutover"])
        var s = Fixtures.state([.stepStarted(step: "deployment.cutover", attempt: 1), ask])
        #expect(Fixtures.press(&s, .enter) == [.send(.cancel)], "Enter on Cancel (the initial focus)")
        #expect(s.dialog == nil)
        var again = Fixtures.state([.stepStarted(step: "deployment.cutover", attempt: 1), ask])
        #expect(Fixtures.press(&again, .escape) == [.send(.cancel)])
        // Asked when the stage started (hooks ahead of the step): Esc tells the core too.
        var early = Fixtures.state([ask])
        #expect(Fixtures.press(&early, .escape) == [.send(.cancel)])
        let refused = Fixtures.state([
            ask, .confirmationDeclined(step: "deployment.cutover", reason: "nothing of Deployment ran"),
        ])
        #expect(refused.dialog == nil)
        var done = Fixtures.state([
            .stepStarted(step: "deployment.cutover", attempt: 1), ask,
            .stepFinished(step: "deployment.cutover", outcome: .passed, seconds: 1),
        ])
        #expect(done.dialog == nil)
        #expect(Fixtures.press(&done, .escape) == [])
    }

    @Test func colourRolesFallBackToAttributes() {
        var s = Fixtures.state()
        s.screens = [.start, .checklist("pre-migration")]
        let term = renderOnGridTerminal(s, rows: 24, cols: 80, color: false)
        #expect(term.role(of: "PostgreSQL 15.18") == .ok)
        #expect(term.snapshot().contains("✓ ok"), "status keeps its glyph and word without colour")
        #expect(
            NCursesTerminal.attributes(.fail, [], color: false) != NCursesTerminal.attributes(.normal, [], color: false)
        )
        #expect(
            NCursesTerminal.attributes(.warn, [], color: false)
                == NCursesTerminal.attributes(.normal, [.bold], color: false))
        #expect(NCursesTerminal.attributes(.ok, [], color: true) != NCursesTerminal.attributes(.ok, [], color: false))
    }

    @Test func glyphBarsAndSparklines() {
        #expect(Glyphs.utf8.bar(0.5, width: 10) == "█████░░░░░")
        #expect(Glyphs.ascii.bar(0.5, width: 10) == "#####.....")
        #expect(Glyphs.utf8.bar(1.0 / 16, width: 2) == "▏░")
        #expect(Glyphs.utf8.sparkline([0, 5, 10], width: 3) == "▁▅█")
        #expect(Glyphs.ascii.sparkline([0, 10], width: 2) == ".@")
        #expect(Glyphs.ascii.tag(.failed).text == "[FAIL]")
    }
}
