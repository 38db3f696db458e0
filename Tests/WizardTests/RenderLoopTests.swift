import Foundation
import MigrationCore
import Testing
@testable import Wizard

@Suite struct RenderLoopTests {
    func loop(_ term: GridTerminal, events: [MigrationEvent] = Fixtures.events) -> RenderLoop {
        RenderLoop(
            state: Fixtures.state(events, size: term.size), renderer: Renderer(glyphs: .utf8),
            terminal: term, minInterval: 3600)
    }

    @Test func burstsOfEventsMergeIntoOneFrame() {
        let term = GridTerminal(rows: 24, cols: 80)
        var l = loop(term)
        var ticks = 0
        for i in 0..<500 {
            let r = EventRecord(
                seq: 1000 + i, at: Fixtures.t0.addingTimeInterval(30 + Double(i) / 100),
                event: .progress(
                    step: "migration.transfer", item: "persons", done: Int64(150_000 + i * 10),
                    total: 500_000, unit: "rows"))
            _ = l.consume(.input(.event(r)), tick: { _ in ticks += 1 })
        }
        #expect(term.frames == 1, "the first change draws at once")
        #expect(ticks == 1, "the rest wait for one scheduled frame")
        l.lastFrame = .distantPast  // the scheduled frame's time has come
        _ = l.consume(.frame, tick: { _ in ticks += 1 })
        #expect(term.frames == 2)
        #expect(ticks == 1 && !l.dirty)
    }

    @Test func nothingIsDrawnWhenNothingChanged() {
        let term = GridTerminal(rows: 24, cols: 80)
        var l = loop(term, events: Array(Fixtures.events.prefix(9)))  // idle: nothing running
        for i in 0..<10 { _ = l.consume(.input(.clock(Fixtures.t0.addingTimeInterval(Double(i)))), tick: { _ in }) }
        _ = l.consume(.input(.key(.char("x"))), tick: { _ in })
        #expect(term.frames == 0)
        var running = loop(term)
        _ = running.consume(.input(.clock(Fixtures.t0.addingTimeInterval(100))), tick: { _ in })
        #expect(term.frames == 1, "a running step's elapsed time is redrawn")
    }

    @Test func goneTerminalStopsDrawingButFollowsTheRunningStep() {
        let term = GridTerminal(rows: 24, cols: 80)
        var l = loop(term)
        _ = l.consume(.terminalGone, tick: { _ in })
        #expect(!l.finished, "a step is running: keep consuming its events")
        let fin = EventRecord(
            seq: 999, at: Fixtures.t0.addingTimeInterval(60),
            event: .stepFinished(step: "migration.transfer", outcome: .passed, seconds: 40))
        _ = l.consume(.input(.event(fin)), tick: { _ in })
        #expect(l.finished)
        #expect(term.frames == 0)
    }

    @Test func resizeRedrawsWithTheNewLayout() {
        let term = GridTerminal(rows: 24, cols: 80)
        var l = loop(term)
        term.resize(rows: 20, cols: 70)
        _ = l.consume(.input(.resize(term.size)), tick: { _ in })
        #expect(term.snapshot().contains("have 70x20"))
        term.resize(rows: 30, cols: 100)
        l.lastFrame = .distantPast
        _ = l.consume(.input(.resize(term.size)), tick: { _ in })
        #expect(term.lines().first?.count == 100)
        #expect(!term.snapshot().contains("too small"))
    }
}
