import ArgumentParser
import Foundation
import MigrationCore

/// Shared helpers of the subcommands: assets, plan, stderr, exit codes.
enum CLI {
    /// Exit codes: 0 every step passed, 1 a step failed or a gate is shut, 2 bad input
    /// (configuration, plan, work directory in use), 3 finished with warnings only.
    static let failed: Int32 = 1, badInput: Int32 = 2, warned: Int32 = 3

    static func stderr(_ s: String) { FileHandle.standardError.write(Data((s + "\n").utf8)) }

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
