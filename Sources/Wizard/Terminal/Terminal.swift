import Foundation

/// Semantic colour roles; mapped to colours when available, to attributes otherwise.
public enum Role: String, Sendable, CaseIterable {
    case normal, ok, warn, fail, running, muted, accent, selected
}

/// Extra attributes on top of a role.
public struct TextAttrs: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = TextAttrs(rawValue: 1)
    public static let reverse = TextAttrs(rawValue: 2)
    public static let dim = TextAttrs(rawValue: 4)
    public static let underline = TextAttrs(rawValue: 8)
}

/// Rows and columns of the terminal.
public struct TermSize: Sendable, Equatable, CustomStringConvertible {
    public var rows: Int
    public var cols: Int
    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }
    public var description: String { "\(cols)x\(rows)" }
}

/// A key press, decoded from the terminal.
public enum Key: Sendable, Hashable {
    case char(Character)
    case ctrl(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, pageUp, pageDown, home, end
    case f(Int)
    case resize
}

/// What one read of the keyboard produced.
public enum KeyRead: Sendable, Equatable {
    case key(Key)
    case timeout
    /// Input failed immediately (hang-up, closed pty): the terminal is gone.
    case gone
}

/// The small drawing surface the wizard renders into (ncurses or an in-memory grid).
public protocol Terminal: AnyObject {
    /// Current size.
    var size: TermSize { get }
    /// True when colours are in use (false under NO_COLOR, --no-color or a monochrome terminal).
    var colorEnabled: Bool { get }
    /// Draw `text` at (y, x) with a role and attributes; anything beyond the right edge is dropped.
    func put(_ text: String, y: Int, x: Int, role: Role, attrs: TextAttrs)
    /// Clear the frame being built.
    func erase()
    /// Show the frame: one flush per frame.
    func present()
    /// Force a full repaint on the next present (Ctrl-L).
    func invalidate()
    /// Read one key, waiting at most `timeoutMs` milliseconds.
    func readKey(timeoutMs: Int) -> KeyRead
    /// Give the terminal back and stop the process until it is continued (Ctrl-Z).
    func suspend()
}

extension Terminal {
    /// An in-memory terminal has nothing to give back.
    public func suspend() {}

    /// Draw with the normal role and no attributes.
    public func put(_ text: String, y: Int, x: Int, role: Role = .normal) {
        put(text, y: y, x: x, role: role, attrs: [])
    }
}

/// Clip `text` to what fits between column `x` and `cols` (also for negative x).
func clipped(_ text: String, x: Int, cols: Int) -> (String, Int)? {
    guard x < cols else { return nil }
    var chars = Array(text)
    var x0 = x
    if x0 < 0 {
        chars = Array(chars.dropFirst(-x0))
        x0 = 0
    }
    let room = cols - x0
    if chars.count > room { chars = Array(chars.prefix(room)) }
    if chars.isEmpty { return nil }
    return (String(chars), x0)
}
