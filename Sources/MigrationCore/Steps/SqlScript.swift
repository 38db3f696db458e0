import Foundation

/// A SQL file split into statements, each with its starting line and a label for the live panel.
public struct SqlScript: Sendable {
    /// One statement of a file.
    public struct Statement: Sendable, Equatable {
        /// The statement text (without the trailing semicolon).
        public var sql: String
        /// 1-based line where the statement's code starts.
        public var line: Int
        /// The `--` comment lines just above it, one per line (the first is the statement's title).
        public var comment: String?
        /// The first line of code (never a comment), for the live panel's `Statement:` line.
        public var codeLine: String {
            let first =
                sql.split(separator: "\n").lazy.map { $0.trimmingCharacters(in: .whitespaces) }
                .first { !$0.isEmpty && !$0.hasPrefix("--") } ?? sql
            let code = first.range(of: " --").map { String(first[..<$0.lowerBound]) } ?? first
            return code.count > 90 ? String(code.prefix(89)) + "…" : code
        }

        /// A short label: the comment or the first line of code.
        public var label: String {
            if let c = comment?.split(separator: "\n").first.map(String.init), !c.isEmpty {
                return c.count > 90 ? String(c.prefix(89)) + "…" : c
            }
            let first = sql.split(separator: "\n").first.map(String.init) ?? sql
            return first.count > 70 ? String(first.prefix(69)) + "…" : first
        }
    }

    public let file: String
    public let statements: [Statement]

    /// Splits `text` at top-level semicolons, respecting quotes, dollar quotes and comments.
    public init(file: String, text: String) {
        self.file = file
        self.statements = Self.split(Array(text.unicodeScalars))
    }

    static func split(_ s: [Unicode.Scalar]) -> [Statement] {
        var out: [Statement] = []
        var i = 0
        var line = 1
        var current = String.UnicodeScalarView()
        var startLine = 0
        var comments: [String] = []
        var hasCode = false
        func flush() {
            let sql = String(current).trimmingCharacters(in: .whitespacesAndNewlines)
            if hasCode && !sql.isEmpty {
                let text = comments.filter { !$0.isEmpty }
                out.append(
                    Statement(sql: sql, line: startLine, comment: text.isEmpty ? nil : text.joined(separator: "\n")))
            }
            current = .init()
            comments = []
            hasCode = false
            startLine = 0
        }
        func take(_ n: Int) {
            for k in 0..<n where i + k < s.count {
                if s[i + k] == "\n" { line += 1 }
                current.append(s[i + k])
            }
            i += n
        }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            if c == "-" && next == "-" {
                var j = i
                var text = String.UnicodeScalarView()
                while j < s.count && s[j] != "\n" {
                    text.append(s[j])
                    j += 1
                }
                if !hasCode { comments.append(String(String(text).dropFirst(2)).trimmingCharacters(in: .whitespaces)) }
                take(j - i)
                continue
            }
            if c == "/" && next == "*" {
                var depth = 0
                var j = i
                repeat {
                    if j + 1 < s.count && s[j] == "/" && s[j + 1] == "*" {
                        depth += 1
                        j += 2
                    } else if j + 1 < s.count && s[j] == "*" && s[j + 1] == "/" {
                        depth -= 1
                        j += 2
                    } else {
                        j += 1
                    }
                } while depth > 0 && j < s.count
                take(j - i)
                continue
            }
            if c == ";" {
                i += 1
                flush()
                continue
            }
            if !c.properties.isWhitespace && !hasCode {
                hasCode = true
                startLine = line
            }
            if c == "'" || c == "\"" {
                let escapes = c == "'" && i > 0 && (s[i - 1] == "E" || s[i - 1] == "e")
                var j = i + 1
                while j < s.count {
                    if escapes && s[j] == "\\" {
                        j += 2
                        continue
                    }
                    if s[j] == c {
                        if j + 1 < s.count && s[j + 1] == c {
                            j += 2
                            continue
                        }
                        break
                    }
                    j += 1
                }
                take(min(j + 1, s.count) - i)
                continue
            }
            if c == "$", let tag = dollarTag(s, at: i) {
                var j = i + tag.count
                while j < s.count && !matches(s, at: j, tag) { j += 1 }
                take(min(j + tag.count, s.count) - i)
                continue
            }
            take(1)
        }
        flush()
        return out
    }

    private static func dollarTag(_ s: [Unicode.Scalar], at i: Int) -> [Unicode.Scalar]? {
        if i > 0, s[i - 1].properties.isAlphabetic || ("0"..."9").contains(s[i - 1]) || s[i - 1] == "_" { return nil }
        var j = i + 1
        while j < s.count, s[j].properties.isAlphabetic || s[j] == "_" || (j > i + 1 && ("0"..."9").contains(s[j])) {
            j += 1
        }
        guard j < s.count, s[j] == "$" else { return nil }
        return Array(s[i...j])
    }

    private static func matches(_ s: [Unicode.Scalar], at j: Int, _ tag: [Unicode.Scalar]) -> Bool {
        guard j + tag.count <= s.count else { return false }
        for k in 0..<tag.count where s[j + k] != tag[k] { return false }
        return true
    }

    /// The same statements with psql-style variables filled in (see `SqlVariables`).
    func substituting(_ values: [String: String]) -> SqlScript {
        SqlScript(
            file: file,
            statements: statements.map {
                var s = $0
                s.sql = SqlVariables.substitute(s.sql, values)
                return s
            })
    }

    private init(file: String, statements: [Statement]) {
        self.file = file
        self.statements = statements
    }

    /// Reads and splits an asset file, variables filled in (`SqlVariables.values(for:context:)`).
    /// - Throws: `StepFailure` naming the missing file, or the manifest's problems.
    public static func load(_ relativePath: String, context: StepContext) throws -> SqlScript {
        let text = try context.assetText(relativePath)
        return SqlScript(file: relativePath, text: text).substituting(
            try SqlVariables.values(for: text, context: context))
    }
}
