/// Drawing helpers over a `Terminal` with the chosen glyphs.
struct Painter {
    let term: any Terminal
    let g: Glyphs

    /// Text clipped to `width` columns (ellipsis when cut), in ASCII when the glyphs are.
    func text(_ s: String, y: Int, x: Int, width: Int, role: Role = .normal, attrs: TextAttrs = []) {
        guard width > 0 else { return }
        term.put(fit(g.plain(s), width), y: y, x: x, role: role, attrs: attrs)
    }

    /// `s` cut in the middle to `width` columns, so both ends stay (a conninfo's host and port).
    func fitMiddle(_ s: String, _ width: Int) -> String {
        let t = g.plain(s)
        guard t.count > width, width > 4 else { return fit(t, width) }
        let mark = g.ellipsis
        let keep = width - mark.count
        return String(t.prefix(keep - keep / 2)) + mark + String(t.suffix(keep / 2))
    }

    /// `s` cut to `width` columns, marking the cut.
    func fit(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        let s = g.plain(s)
        if s.count <= width { return s }
        return String(s.prefix(max(width - 1, 0))) + (width > 1 ? g.ellipsis.prefix(1) : "")
    }

    /// `s` padded or cut to exactly `width` columns.
    func pad(_ s: String, _ width: Int) -> String {
        let f = fit(s, width)
        return f + String(repeating: " ", count: max(0, width - f.count))
    }

    /// A border around `r` with an optional title in the top edge.
    func box(_ r: Rect, title: String? = nil, role: Role = .muted, focused: Bool = false) {
        guard r.rows >= 2, r.cols >= 2 else { return }
        let h = String(repeating: g.horizontal, count: r.cols - 2)
        let edge: Role = focused ? .accent : role
        term.put(g.topLeft + h + g.topRight, y: r.y, x: r.x, role: edge)
        for y in (r.y + 1)..<(r.y + r.rows - 1) {
            term.put(g.vertical, y: y, x: r.x, role: edge)
            term.put(g.vertical, y: y, x: r.x + r.cols - 1, role: edge)
        }
        term.put(g.bottomLeft + h + g.bottomRight, y: r.y + r.rows - 1, x: r.x, role: edge)
        if let title, r.cols > 6 {
            text(" \(title) ", y: r.y, x: r.x + 2, width: r.cols - 4, role: focused ? .accent : .normal, attrs: .bold)
        }
    }

    /// Blank a rectangle (dialogs over the screen).
    func clear(_ r: Rect) {
        let blank = String(repeating: " ", count: r.cols)
        for y in r.y..<r.bottom { term.put(blank, y: y, x: r.x) }
    }

    /// A status tag followed by text.
    func tagged(
        _ status: (text: String, role: Role), _ s: String, y: Int, x: Int, width: Int,
        selected: Bool = false
    ) {
        let role: Role = selected ? .selected : .normal
        if selected { term.put(String(repeating: " ", count: max(width, 0)), y: y, x: x, role: .selected) }
        text(status.text, y: y, x: x, width: width, role: selected ? .selected : status.role, attrs: .bold)
        text(s, y: y, x: x + status.text.count + 1, width: width - status.text.count - 1, role: role)
    }
}
