import ArgumentParser
import Foundation
import LegacySeed
import MigrationCore
import Postgres

/// `edu-migrate seed`: writes a synthetic dirty legacy database for rehearsals, demos and tests.
struct SeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Write a synthetic, deliberately dirty legacy database (N persons and everything around them).")

    @Option(name: .long, help: "Number of persons; other tables scale with it (500000 ≈ 4-5M rows).")
    var scale: Int = 2000

    @Option(
        name: .long,
        help: "Maintenance database conninfo on the target server (no password; PG* variables and .pgpass apply).")
    var admin: String = "dbname=postgres"

    @Option(name: .long, help: "Name of the legacy database to write.")
    var database: String = "edu"

    @Flag(name: .long, help: "Drop and rewrite the database if it exists.")
    var replace = false

    func validate() throws {
        guard scale > 0 else { throw ValidationError("--scale must be a positive number of persons, got \(scale)") }
        guard database.range(of: "^[A-Za-z_][A-Za-z0-9_]{0,62}$", options: .regularExpression) != nil else {
            throw ValidationError("--database must be a plain identifier (letters, digits, _), got '\(database)'")
        }
    }

    func run() async throws {
        let assets = try CLI.assets()
        let started = Date()
        do {
            let counts = try await LegacySeeder(assets: assets).seed(
                adminConninfo: admin, database: database, scale: scale, replace: replace,
                log: { CLI.stderr("seed: \($0)") })
            let total = counts.reduce(Int64(0)) { $0 + $1.rows }
            for (table, rows) in counts { print("\(table.padding(toLength: 26, withPad: " ", startingAt: 0)) \(rows)") }
            print(
                String(
                    format: "%lld rows in %.1f s into database %@", total, Date().timeIntervalSince(started), database))
        } catch let e as SeedError {
            CLI.stderr("edu-migrate seed: \(e.description)")
            throw ExitCode(CLI.badInput)
        } catch let e as PostgresError {
            CLI.stderr("edu-migrate seed: \(e.description)")
            throw ExitCode(CLI.failed)
        }
    }
}
