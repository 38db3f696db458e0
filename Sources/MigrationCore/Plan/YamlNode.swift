import Foundation
import Yams

/// Small helpers over Yams nodes: line numbers and conversion to `PlanValue`.
enum YamlNode {
    /// The 1-based line of a node (0 when unknown).
    static func line(_ node: Node?) -> Int { node?.mark?.line ?? 0 }

    /// A scalar's text, nil for mappings and sequences.
    static func text(_ node: Node?) -> String? { node?.scalar?.string }

    /// Converts a node to a `PlanValue` (scalars typed as YAML resolves them).
    static func value(_ node: Node) -> PlanValue {
        switch node {
        case .scalar(let s):
            if s.style == .plain || s.style == .any {
                if let b = node.bool { return .bool(b) }
                if let i = node.int { return .number(Double(i)) }
                if let f = node.float, !s.string.lowercased().contains("inf"), !s.string.lowercased().contains("nan") {
                    return .number(f)
                }
            }
            return .string(s.string)
        case .sequence(let seq): return .list(seq.map { value($0) })
        case .mapping(let map):
            var out: [String: PlanValue] = [:]
            for (k, v) in map { if let key = k.scalar?.string { out[key] = value(v) } }
            return .map(out)
        }
    }

    /// Pairs of a mapping as (key text, key node, value node).
    static func pairs(_ node: Node?) -> [(key: String, keyNode: Node, value: Node)] {
        guard let map = node?.mapping else { return [] }
        return map.compactMap { k, v in k.scalar.map { ($0.string, k, v) } }
    }
}
