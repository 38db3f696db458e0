import Foundation
import MigrationCore

/// The wizard: a render loop over the core's events and the operator's keys.
/// Start it from a command: `await WizardApp(options: WizardOptions(ascii:noColor:)).run(control:)`.
public final class WizardApp: Sendable {
    public let options: WizardOptions

    public init(options: WizardOptions = WizardOptions()) { self.options = options }

    /// Run on the real terminal until the operator quits; the terminal is restored on return.
    /// - Parameter control: the migration session (plan, events, commands).
    public func run(control: any MigrationControl) async {
        let term = NCursesTerminal(noColor: options.noColor)
        defer { term.close() }
        let glyphs = Glyphs.detect(forceASCII: options.ascii)
        await run(control: control, terminal: term, glyphs: glyphs)
    }

    /// Run on any terminal (tests use `GridTerminal`): keys come from `terminal.readKey` on a thread.
    public func run(control: any MigrationControl, terminal: any Terminal, glyphs: Glyphs) async {
        let (inputs, cont) = AsyncStream<LoopInput>.makeStream(bufferingPolicy: .unbounded)
        let pump = InputPump(term: terminal, yield: { cont.yield(.input($0)) }, gone: { cont.yield(.terminalGone) })
        pump.start()
        let events = Task {
            for await record in control.subscribe() { cont.yield(.input(.event(record))) }
        }
        let clock = Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 1_000_000_000)
                cont.yield(.input(.clock(Date())))
            }
        }
        var state = WizardState(plan: control.plan, info: options.info, size: terminal.size)
        state.operatorFile = options.operatorFile
        state.operatorName = OperatorFile.load(options.operatorFile)
        var loop = RenderLoop(
            state: state,
            renderer: Renderer(glyphs: glyphs), terminal: terminal,
            minInterval: 1 / max(options.maxFPS, 1))
        loop.draw()
        for await item in inputs {
            let effects = loop.consume(
                item,
                tick: { delay in
                    Task {
                        try? await Task.sleep(nanoseconds: UInt64(delay * 1e9))
                        cont.yield(.frame)
                    }
                })
            var quit = false
            for e in effects {
                switch e {
                case .send(let cmd): await control.send(cmd)
                case .quit: quit = true
                case .redraw:
                    terminal.invalidate()
                    loop.draw()
                case .suspend:
                    terminal.suspend()
                    _ = loop.consume(.input(.resize(terminal.size)), tick: { _ in })
                    loop.draw()
                case .saveOperator(let name): OperatorFile.save(name, to: loop.state.operatorFile)
                }
            }
            if quit || loop.finished { break }
        }
        pump.stop()
        events.cancel()
        clock.cancel()
        cont.finish()
    }
}

/// What the loop consumes: reducer inputs, frame ticks, and "the terminal is gone".
enum LoopInput: Sendable {
    case input(Input)
    case frame
    case terminalGone
}

/// Frame coalescing: apply inputs, draw at most every `minInterval`, never when nothing changed.
struct RenderLoop {
    var state: WizardState
    let renderer: Renderer
    let terminal: any Terminal
    let minInterval: Double
    var dirty = false
    var lastFrame = Date.distantPast
    var tickPending = false
    var gone = false
    var finished = false

    mutating func draw() {
        guard !gone else { return }
        renderer.render(state, into: terminal)
        lastFrame = Date()
        dirty = false
    }

    /// Consume one item; `tick` schedules a `.frame` after a delay.
    mutating func consume(_ item: LoopInput, tick: (Double) -> Void) -> [Effect] {
        var effects: [Effect] = []
        switch item {
        case .terminalGone:
            // Stop drawing; keep following events until no step runs, so nothing is left half-recorded.
            gone = true
            finished = state.run.runningStep == nil
        case .frame:
            tickPending = false
        case .input(let input):
            let before = state
            effects = state.handle(input)
            if case .clock = input {
                if state.run.runningStep != nil { dirty = true }
            } else if state != before || input == .key(.resize) {
                dirty = true
            }
            if gone, state.run.runningStep == nil { finished = true }
        }
        if dirty, !gone {
            let wait = minInterval - Date().timeIntervalSince(lastFrame)
            if wait <= 0 {
                draw()
            } else if !tickPending {
                tickPending = true
                tick(wait)
            }
        }
        return effects
    }
}
