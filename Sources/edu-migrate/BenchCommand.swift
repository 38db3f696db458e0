import ArgumentParser
import Foundation
import Bench
import LegacySeed
import MigrationCore
import Postgres
import PostgresSandbox

/// `edu-migrate bench`: on a throwaway cluster, the product's phases 2-4 against an untransformed
/// pg_dump | pg_restore and the guide's CSV procedure, with the product's peak memory and the
/// verdicts against the targets. The cluster is always stopped at the end.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time phases 2-4 against pg_dump|pg_restore and the guide's CSV procedure on a throwaway cluster.",
        discussion: "Exit codes: 0 every target met, 1 a method failed or a target was missed, 2 bad input.")

    @Option(name: .long, help: "Persons in the synthetic legacy database (500000 ≈ 4-5M rows).")
    var scale: Int = 50000

    @Flag(name: .customLong("keep-going"), help: "Run the remaining methods after one fails.")
    var keepGoing = false

    @Flag(name: .long, help: "Print the measurements as JSON on stdout (progress stays on stderr).")
    var json = false

    @Option(
        name: .customLong("work-dir"),
        help: "Keep the product's journal and log here (default: a temp dir, removed after a clean run).")
    var workDir: String?

    func validate() throws {
        guard scale > 0 else { throw ValidationError("--scale must be a positive number of persons, got \(scale)") }
    }

    func run() async throws {
        var options = BenchOptions(scale: scale, assets: try CLI.assets())
        options.keepGoing = keepGoing
        options.workDir = workDir.map { URL(fileURLWithPath: ConfigLoaderPath.absolute($0)) }
        CLI.stderr("bench: starting a throwaway PostgreSQL cluster...")
        let sandbox = try await Sandbox.start(name: "bench")
        defer { sandbox.stop() }
        let cluster = BenchCluster(
            binDir: sandbox.binDir, conninfo: { sandbox.conninfo(database: $0) },
            postmasterPid: { sandbox.postmasterPid })
        let report: BenchReport
        do {
            report = try await BenchRunner(options: options, cluster: cluster).run(log: { CLI.stderr("bench: \($0)") })
        } catch let e as SeedError {
            CLI.stderr("edu-migrate bench: \(e.description)")
            throw ExitCode(CLI.badInput)
        } catch let e as PostgresError {
            CLI.stderr("edu-migrate bench: \(e.description)")
            throw ExitCode(CLI.failed)
        }
        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try e.encode(report))
            print()
        } else {
            print(report.text())
        }
        let failed = report.methods.count < 3 || report.methods.contains { $0.failure != nil }
        if failed || report.verdicts.contains(where: { $0.met == false }) { throw ExitCode(CLI.failed) }
    }
}
