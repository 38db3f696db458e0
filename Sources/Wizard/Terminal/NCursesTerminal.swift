import CNCurses
import Foundation

/// The real terminal through ncurses. Draw calls are buffered and applied in `present()` under a lock,
/// so the input thread's `readKey` and the render loop never touch ncurses at the same time.
public final class NCursesTerminal: Terminal, @unchecked Sendable {
    private let lock = NSLock()
    private var ops: [(y: Int32, x: Int32, text: String, attr: attr_t)] = []
    private var cachedSize: TermSize
    private var clearNext = false
    private var closed = false
    public let colorEnabled: Bool

    /// Initialise ncurses (locale, raw keys, no echo, keypad, hidden cursor, colours) and install
    /// handlers that restore the terminal on exit and on SIGTERM/SIGHUP.
    /// - Parameter noColor: true for `--no-color`; `NO_COLOR` (non-empty) is honoured too.
    public init(noColor: Bool) {
        setlocale(LC_ALL, "")
        shim_install_restore_handlers()
        _ = set_escdelay(25)
        initscr()
        raw()  // Ctrl-C arrives as a key, not SIGINT
        noecho()
        nonl()
        keypad(shim_stdscr(), true)
        nodelay(shim_stdscr(), true)
        _ = curs_set(0)
        let env = ProcessInfo.processInfo.environment["NO_COLOR"] ?? ""
        var color = false
        if !noColor, env.isEmpty, has_colors() {
            start_color()
            _ = use_default_colors()
            Self.initPairs()
            color = true
        }
        colorEnabled = color
        cachedSize = TermSize(rows: Int(shim_maxy(shim_stdscr())), cols: Int(shim_maxx(shim_stdscr())))
    }

    deinit { close() }

    /// Give the terminal back (idempotent).
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        if !closed {
            closed = true
            shim_restore_terminal()
        }
    }

    private static let pairOf: [Role: (Int16, Int16)] = [
        .ok: (1, Int16(COLOR_GREEN)), .warn: (2, Int16(COLOR_YELLOW)), .fail: (3, Int16(COLOR_RED)),
        .running: (4, Int16(COLOR_CYAN)), .accent: (5, Int16(COLOR_BLUE)), .muted: (6, -1),
    ]

    private static func initPairs() {
        for (_, p) in pairOf { init_pair(p.0, p.1, -1) }
    }

    private func attr(_ role: Role, _ attrs: TextAttrs) -> attr_t {
        Self.attributes(role, attrs, color: colorEnabled)
    }

    /// ncurses attributes for a role: a colour pair when `color`, otherwise bold/reverse/dim only.
    public static func attributes(_ role: Role, _ attrs: TextAttrs, color colorEnabled: Bool) -> attr_t {
        var a = shim_a_normal()
        if attrs.contains(.bold) { a |= shim_a_bold() }
        if attrs.contains(.reverse) { a |= shim_a_reverse() }
        if attrs.contains(.dim) { a |= shim_a_dim() }
        if attrs.contains(.underline) { a |= shim_a_underline() }
        switch role {
        case .normal: break
        case .selected: a |= shim_a_reverse()
        case .muted: a |= shim_a_dim()
        default:
            if colorEnabled, let p = Self.pairOf[role] {
                a |= shim_color_pair(Int32(p.0))
                if role == .accent || role == .fail { a |= shim_a_bold() }
            } else if role != .ok {
                a |= shim_a_bold()  // warn, fail, running, accent: bold without colour
            }
        }
        return a
    }

    public var size: TermSize {
        lock.lock()
        defer { lock.unlock() }
        return cachedSize
    }

    public func put(_ text: String, y: Int, x: Int, role: Role, attrs: TextAttrs) {
        let s = size
        guard y >= 0, y < s.rows, let (t, x0) = clipped(text, x: x, cols: s.cols) else { return }
        // The bottom-right cell would scroll some terminals: leave it empty.
        let safe = (y == s.rows - 1 && x0 + t.count >= s.cols) ? String(t.dropLast()) : t
        ops.append((Int32(y), Int32(x0), safe, attr(role, attrs)))
    }

    public func erase() { ops.removeAll(keepingCapacity: true) }

    public func invalidate() {
        lock.lock()
        clearNext = true
        lock.unlock()
    }

    /// One frame: werase, draw, wnoutrefresh, a single doupdate.
    public func present() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        let w = shim_stdscr()
        if clearNext {
            clearok(w, true)
            clearNext = false
        }
        werase(w)
        for op in ops { _ = shim_mvaddstr_attr(op.y, op.x, op.text, op.attr) }
        wnoutrefresh(w)
        doupdate()
    }

    /// Ctrl-Z: endwin, SIGTSTP; on SIGCONT the terminal is taken back, resized if it changed,
    /// and the next frame repaints everything.
    public func suspend() {
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return }
        shim_suspend()
        cachedSize = TermSize(rows: Int(shim_maxy(shim_stdscr())), cols: Int(shim_maxx(shim_stdscr())))
        clearNext = true
    }

    public func readKey(timeoutMs: Int) -> KeyRead {
        let ready = shim_wait_input(Int32(timeoutMs))
        if ready < 0 { return .gone }
        lock.lock()
        defer { lock.unlock() }
        guard !closed else { return .gone }
        var ch: wint_t = 0
        let r = shim_get_wch(&ch)
        if r == shim_err() { return ready == 1 ? .gone : .timeout }
        if r == shim_key_code_yes() {
            let code = Int32(ch)
            if code == shim_key_resize() {
                cachedSize = TermSize(rows: Int(shim_maxy(shim_stdscr())), cols: Int(shim_maxx(shim_stdscr())))
            }
            return KeyDecoder.function(code).map { .key($0) } ?? .timeout
        }
        return KeyDecoder.character(UInt32(ch)).map { .key($0) } ?? .timeout
    }
}
