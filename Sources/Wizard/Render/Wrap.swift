extension Painter {
    /// Words of `s` wrapped into lines of at most `width` columns (a longer word gets a line of its own).
    func wrap(_ s: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var cur = ""
        for word in s.split(separator: " ") {
            if cur.count + word.count + 1 > width, !cur.isEmpty {
                lines.append(cur)
                cur = ""
            }
            cur += (cur.isEmpty ? "" : " ") + word
        }
        if !cur.isEmpty { lines.append(cur) }
        return lines
    }
}
