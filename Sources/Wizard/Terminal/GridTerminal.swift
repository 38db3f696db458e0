import Foundation

/// An in-memory terminal: a grid of cells with text and role, for tests and captures.
public final class GridTerminal: Terminal, @unchecked Sendable {
    /// One cell of the grid.
    public struct Cell: Equatable, Sendable {
        public var char: Character = " "
        public var role: Role = .normal
        public var attrs: TextAttrs = []
    }

    public private(set) var size: TermSize
    public let colorEnabled: Bool
    private var shown: [[Cell]]
    /// The last presented frame.
    public var cells: [[Cell]] {
        keyLock.lock()
        defer { keyLock.unlock() }
        return shown
    }
    private var building: [[Cell]]
    private var presented = 0
    /// Number of frames presented (one flush each).
    public var frames: Int {
        keyLock.lock()
        defer { keyLock.unlock() }
        return presented
    }
    private var pendingKeys: [Key] = []
    private let keyLock = NSLock()
    /// Writes that did not fit and were cut at the right edge (a layout bug when non-zero).
    public private(set) var clippedWrites = 0

    /// - Parameters:
    ///   - rows: height; - cols: width; - color: whether colours are "available".
    public init(rows: Int, cols: Int, color: Bool = true) {
        size = TermSize(rows: rows, cols: cols)
        colorEnabled = color
        shown = Self.blank(rows, cols)
        building = shown
    }

    private static func blank(_ r: Int, _ c: Int) -> [[Cell]] {
        Array(repeating: Array(repeating: Cell(), count: max(c, 0)), count: max(r, 0))
    }

    /// Change the size (as a terminal resize would).
    public func resize(rows: Int, cols: Int) {
        size = TermSize(rows: rows, cols: cols)
        building = Self.blank(rows, cols)
    }

    public func put(_ text: String, y: Int, x: Int, role: Role, attrs: TextAttrs) {
        guard y >= 0, y < size.rows, let (s, x0) = clipped(text, x: x, cols: size.cols) else { return }
        if s.count < text.count { clippedWrites += 1 }
        for (i, ch) in s.enumerated() {
            building[y][x0 + i] = Cell(char: ch, role: role, attrs: attrs)
        }
    }

    public func erase() { building = Self.blank(size.rows, size.cols) }
    public func present() {
        keyLock.lock()
        shown = building
        presented += 1
        keyLock.unlock()
    }
    public func invalidate() {}

    /// Queue keys for `readKey` (thread-safe: the input thread reads them).
    public func feed(_ keys: [Key]) {
        keyLock.lock()
        pendingKeys += keys
        keyLock.unlock()
    }

    public func readKey(timeoutMs: Int) -> KeyRead {
        keyLock.lock()
        let k = pendingKeys.isEmpty ? nil : pendingKeys.removeFirst()
        keyLock.unlock()
        if let k { return .key(k) }
        usleep(UInt32(min(timeoutMs, 20)) * 1000)
        return .timeout
    }

    /// The presented frame as lines of text (trailing spaces kept so widths can be checked).
    public func lines() -> [String] { cells.map { String($0.map(\.char)) } }

    /// The presented frame as one string, trailing spaces trimmed per line.
    public func snapshot() -> String {
        lines().map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// The role of the first cell where `text` appears, if it does.
    public func role(of text: String) -> Role? {
        let grid = cells
        for (y, line) in grid.map({ String($0.map(\.char)) }).enumerated() {
            if let r = line.range(of: text) {
                return grid[y][line.distance(from: line.startIndex, to: r.lowerBound)].role
            }
        }
        return nil
    }
}
