/// A rectangle of the screen.
public struct Rect: Sendable, Equatable {
    public var y, x, rows, cols: Int
    public init(y: Int, x: Int, rows: Int, cols: Int) {
        self.y = y
        self.x = x
        self.rows = max(rows, 0)
        self.cols = max(cols, 0)
    }
    /// The area inside a one-cell border.
    public var inner: Rect { Rect(y: y + 1, x: x + 1, rows: rows - 2, cols: cols - 2) }
    var bottom: Int { y + rows }
}

/// The frame's layout: a pure function of (rows, cols), recomputed every frame.
public struct Layout: Sendable, Equatable {
    public static let minRows = 24
    public static let minCols = 80

    public var size: TermSize
    public var header: Rect
    public var body: Rect
    /// One line for messages above the status bar.
    public var message: Rect
    public var statusBar: Rect

    public init(_ size: TermSize) {
        self.size = size
        header = Rect(y: 0, x: 0, rows: 1, cols: size.cols)
        body = Rect(y: 1, x: 0, rows: size.rows - 3, cols: size.cols)
        message = Rect(y: size.rows - 2, x: 0, rows: 1, cols: size.cols)
        statusBar = Rect(y: size.rows - 1, x: 0, rows: 1, cols: size.cols)
    }

    /// Below 80x24 only the "terminal too small" screen is drawn.
    public var tooSmall: Bool { size.rows < Layout.minRows || size.cols < Layout.minCols }

    /// Phase screen: the step list and the live panel, side by side when wide, stacked otherwise.
    public func phase(steps: Int) -> (list: Rect, live: Rect) {
        if size.cols >= 150 {
            let w = min(70, size.cols * 2 / 5)
            return (
                Rect(y: body.y, x: 0, rows: body.rows, cols: w),
                Rect(y: body.y, x: w, rows: body.rows, cols: size.cols - w)
            )
        }
        // As many steps as there are, up to two fifths of the body (the Live panel keeps the rest).
        let listRows = min(steps + 2, max(6, body.rows * 2 / 5))
        return (
            Rect(y: body.y, x: 0, rows: listRows, cols: size.cols),
            Rect(y: body.y + listRows, x: 0, rows: body.rows - listRows, cols: size.cols)
        )
    }

    /// A centred dialog box.
    public func dialog(rows: Int, cols: Int) -> Rect {
        let w = min(cols, size.cols - 2)
        let h = min(rows, size.rows - 2)
        return Rect(y: max(0, (size.rows - h) / 2), x: max(0, (size.cols - w) / 2), rows: h, cols: w)
    }
}
