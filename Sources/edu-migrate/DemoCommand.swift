import ArgumentParser
import Foundation
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

    @Option(name: .customLong("work-dir"), help: "Work directory for journal, log, backups and report.")
    var workDir = "./edu-migrate-demo"

    @Flag(name: .long, help: "Keep the cluster running after the wizard exits; print how to reach them.")
    var keep = false

    @Flag(name: .long, help: "ASCII borders, bars, ticks and sparklines.")
    var ascii = false

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (NO_COLOR is honoured too).")
    var noColor = false

    func validate() throws {
        guard scale > 0 else { throw ValidationError("--scale must be a positive number of persons, got \(scale)") }
    }

    func run() async throws {
        let dir = URL(fileURLWithPath: ConfigLoaderPath.absolute(workDir))
        try DemoWorld.archivePrevious(dir)
        CLI.stderr("demo: starting a throwaway PostgreSQL cluster...")
        let sandbox = try await Sandbox.start(name: "demo")
        var app: StandInApp?
        defer {
            app?.stop()
            if keep { sandbox.detach() } else { sandbox.stop() }
        }
        CLI.stderr("demo: writing a dirty legacy database 'edu' with \(scale) persons...")
        let counts = try await LegacySeeder(assets: try CLI.assets()).seed(
            adminConninfo: sandbox.conninfo(), database: "edu", scale: scale, replace: true)
        CLI.stderr("demo: \(counts.reduce(Int64(0)) { $0 + $1.rows }) legacy rows written")
        let standIn = StandInApp(conninfo: sandbox.conninfo(database: "edu"))
        try standIn.start()
        app = standIn
        let configFile = try DemoWorld.writeConfig(dir: dir, sandbox: sandbox, app: standIn)
        let config: MigrationConfig
        do { config = try ConfigLoader.load(file: configFile) } catch let e as ConfigError {
            CLI.stderr("edu-migrate demo: \(e.description)"); throw ExitCode(CLI.badInput)
        }
        try await WizardCommand.runWizard(config: config, options: WizardOptions(ascii: ascii, noColor: noColor))
        if keep {
            print("""
            demo kept running:
              psql "\(sandbox.conninfo(database: "edu"))"
              resume the wizard: edu-migrate wizard --config \(configFile.path)
              stop the cluster:  kill -INT $(head -1 \(sandbox.dataDir)/postmaster.pid)
            """)
        }
    }
}
