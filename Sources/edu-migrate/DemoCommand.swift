import ArgumentParser
import Foundation
import LegacySeed
import MigrationCore
import Postgres
import PostgresSandbox
import StandInApp
import Wizard

/// `edu-migrate demo`: a throwaway PostgreSQL, a dirty legacy database, a stand-in application,
/// and the wizard pointed at them. Everything stops on exit unless `--keep`.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Try the wizard on a throwaway PostgreSQL with a synthetic dirty legacy database.")

    @Option(name: .long, help: "Persons in the synthetic legacy database (other tables scale with it).")
    var scale: Int = 20000

    /// Outside the current directory (often a source checkout) and fixed, so a second `demo`
    /// finds a cluster kept by the first.
    @Option(name: .customLong("work-dir"), help: "Work directory for journal, log, backups and report.")
    var workDir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("edu-migrate-demo").path

    @Option(
        name: .customLong("copy-rate"),
        help: "Cap the transfer at N rows/s so a small demo's copy lasts long enough to watch the live panels.")
    var copyRate: Int?

    @Flag(name: .long, help: "Keep the cluster running after the wizard exits; print how to reach them.")
    var keep = false

    @Flag(name: .long, help: "ASCII borders, bars, ticks and sparklines.")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR is honoured too).")
    var noColor = false

    func validate() throws {
        guard scale > 0 else { throw ValidationError("--scale must be a positive number of persons, got \(scale)") }
        if let copyRate, copyRate < 1 {
            throw ValidationError(
                "--copy-rate must be a positive number of rows per second, got \(copyRate); leave it out for full speed"
            )
        }
    }

    func run() async throws {
        try WizardCommand.requireTerminal()  // before minutes of cluster start and seeding, not after
        let dir = URL(fileURLWithPath: ConfigLoaderPath.absolute(workDir))
        if let source = await DemoWorld.keptCluster(dir) {
            // A cluster kept by an earlier `demo --keep` on this work directory: resume on it with a
            // fresh stand-in application (the old one lived in the process that exited).
            CLI.stderr("demo: resuming on the cluster kept in \(dir.path)")
            try await openWizard(dir: dir, source: source)
            if keep {
                printKept(source: source, dir: dir)
                return
            }
            if await DemoWorld.stopKept(source: source) {
                CLI.stderr("demo: stopped the kept cluster and deleted it (--keep keeps it)")
            } else {
                CLI.stderr("demo: could not stop the kept cluster; stop it by hand:")
                printKept(source: source, dir: dir)
            }
            return
        }
        try DemoWorld.archivePrevious(dir)
        CLI.stderr("demo: starting a throwaway PostgreSQL cluster...")
        let sandbox = try await Sandbox.start(name: "demo")
        // --keep: detached at once, so neither exit nor a signal (SIGTERM, SIGHUP) deletes it.
        if keep { sandbox.detach() }
        defer { if !keep { sandbox.stop() } }
        CLI.stderr("demo: writing a dirty legacy database 'edu' with \(scale) persons...")
        let counts = try await LegacySeeder(assets: try CLI.assets()).seed(
            adminConninfo: sandbox.conninfo(), database: "edu", scale: scale, replace: true)
        CLI.stderr("demo: \(counts.reduce(Int64(0)) { $0 + $1.rows }) legacy rows written")
        try await openWizard(dir: dir, source: sandbox.conninfo(database: "edu"))
        if keep { printKept(source: sandbox.conninfo(database: "edu"), dir: dir) }
    }

    /// Starts the stand-in application on `source`, writes demo.yaml and runs the wizard on it.
    private func openWizard(dir: URL, source: String) async throws {
        let standIn = StandInApp(conninfo: source)
        try standIn.start()
        defer { standIn.stop() }
        let configFile = try DemoWorld.writeConfig(dir: dir, source: source, app: standIn, copyRate: copyRate)
        let config: MigrationConfig
        do { config = try ConfigLoader.load(file: configFile) } catch let e as ConfigError {
            CLI.stderr("edu-migrate demo: \(e.description)")
            throw ExitCode(CLI.badInput)
        }
        try await WizardCommand.runWizard(
            config: config, options: WizardOptions(ascii: ascii, noColor: noColor), resumable: keep)
    }

    private func printKept(source: String, dir: URL) {
        print(DemoWorld.keptMessage(source: source, dir: dir, copyRate: copyRate))
    }
}
