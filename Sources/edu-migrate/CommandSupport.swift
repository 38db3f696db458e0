import ArgumentParser
import Foundation
import MigrationCore

/// Shared helpers of the subcommands: assets, plan, stderr, exit codes.
enum CLI {
    /// Exit codes: 0 every step passed, 1 a step failed or a gate is shut, 2 bad input
    /// (configuration, plan, work directory in use), 3 finished with warnings only.
    static let failed: Int32 = 1, badInput: Int32 = 2, warned: Int32 = 3

    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

    /// A multi-line message as the one line a reason on stderr must be: the first line, then
    /// the others trimmed and joined with "; ".
    static func oneLine(_ s: String) -> String {
        let lines = s.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty
        }
        guard let first = lines.first else { return "" }
        let rest = lines.dropFirst().joined(separator: "; ")
        return rest.isEmpty ? first : first + (first.hasSuffix(":") ? " " : "; ") + rest
    }

    static func assets() throws -> URL {
        guard let url = AssetsLocator.find() else {
            stderr("edu-migrate: cannot find the Assets directory; set EDU_MIGRATE_ASSETS to its path")
            throw ExitCode(badInput)
        }
        return url
    }

    static func plan(assets: URL) throws -> Plan {
        do { return try PlanLoader.load(assets: assets) } catch let e as PlanLoadError {
            stderr("edu-migrate: \(e.description)")
            throw ExitCode(badInput)
        }
    }

    static let jsonEncoder = EventCoding.encoder()
}
