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
    /// The last presented frame.
    public private(set) var cells: [[Cell]]
    private var building: [[Cell]]
    /// Number of frames presented (one flush each).
    public private(set) var frames = 0
    /// Keys to hand out from `readKey`, in order.
    public var pendingKeys: [Key] = []

    /// - Parameters:
    ///   - rows: height; - cols: width; - color: whether colours are "available".
    public init(rows: Int, cols: Int, color: Bool = true) {
        size = TermSize(rows: rows, cols: cols)
        colorEnabled = color
        cells = Self.blank(rows, cols)
        building = cells
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
        for (i, ch) in s.enumerated() {
            building[y][x0 + i] = Cell(char: ch, role: role, attrs: attrs)
        }
    }

    public func erase() { building = Self.blank(size.rows, size.cols) }
    public func present() { cells = building; frames += 1 }
    public func invalidate() {}

    public func readKey(timeoutMs: Int) -> KeyRead {
        pendingKeys.isEmpty ? .timeout : .key(pendingKeys.removeFirst())
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
        for (y, line) in lines().enumerated() {
            if let r = line.range(of: text) {
                return cells[y][line.distance(from: line.startIndex, to: r.lowerBound)].role
            }
        }
        return nil
    }
}
