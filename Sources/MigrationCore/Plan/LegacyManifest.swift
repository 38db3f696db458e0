import Foundation
import Yams

/// The legacy tables and columns the plan reads (`Assets/plan/legacy_tables.yaml`), in transfer order.
public struct LegacyManifest: Sendable, Equatable, Codable {
    /// One legacy table with the columns the plan reads.
    public struct Table: Sendable, Equatable, Codable {
        public var name: String
        public var columns: [String]
        public init(name: String, columns: [String]) {
            self.name = name
            self.columns = columns
        }
    }
    public var tables: [Table]

    public init(tables: [Table]) { self.tables = tables }

    /// The table with this name.
    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }

    /// Loads `plan/legacy_tables.yaml` of an Assets directory.
    /// - Throws: `PlanLoadError` naming file and line of every problem.
    public static func load(assets: URL) throws -> LegacyManifest {
        let url = assets.appendingPathComponent("plan/legacy_tables.yaml")
        let name = "legacy_tables.yaml"
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw PlanLoadError(problems: [PlanError(file: name, line: 0, message: "cannot read \(url.path)")])
        }
        return try parse(text, file: name)
    }

    /// Parses manifest YAML text.
    /// - Throws: `PlanLoadError` naming file and line of every problem.
    public static func parse(_ text: String, file: String = "legacy_tables.yaml") throws -> LegacyManifest {
        var problems: [PlanError] = []
        var tables: [Table] = []
        do {
            let root = try Yams.compose(yaml: text)
            guard let list = root?.mapping?["tables"]?.sequence else {
                throw PlanLoadError(problems: [
                    PlanError(file: file, line: YamlNode.line(root), message: "expected a top-level `tables:` list")
                ])
            }
            var seen = Set<String>()
            for node in list {
                let line = YamlNode.line(node)
                guard let n = YamlNode.text(node.mapping?["name"]), !n.isEmpty else {
                    problems.append(PlanError(file: file, line: line, message: "table without `name`"))
                    continue
                }
                if !seen.insert(n).inserted {
                    problems.append(PlanError(file: file, line: line, message: "duplicate table '\(n)'"))
                }
                let cols = node.mapping?["columns"]?.sequence?.compactMap { YamlNode.text($0) } ?? []
                if cols.isEmpty {
                    problems.append(PlanError(file: file, line: line, message: "table '\(n)': missing `columns` list"))
                }
                tables.append(Table(name: n, columns: cols))
            }
        } catch let e as PlanLoadError { throw e } catch {
            throw PlanLoadError(problems: [
                PlanError(file: file, line: PlanParser.errorLine(error), message: "not valid YAML: \(error)")
            ])
        }
        if !problems.isEmpty { throw PlanLoadError(problems: problems) }
        return LegacyManifest(tables: tables)
    }
}
