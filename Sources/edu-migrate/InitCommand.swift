import ArgumentParser
import Foundation
import MigrationCore
import Postgres

/// `edu-migrate init`: writes a commented configuration with the source from the PG* environment,
/// after a read-only test connection. Never a password; never over an existing file.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract:
            "Write a commented configuration file (source from PGHOST, PGPORT, PGUSER, PGDATABASE) after a test connection.",
        discussion: "The source is the legacy database as the PG* environment names it (dbname edu when PGDATABASE is "
            + "unset); PGPASSWORD is never written. A read-only test connection shows the server version, the database "
            + "size and the legacy tables found. The file is written even when the connection fails (it holds no secret; "
            + "fix the connection or edit `source:`), and never over an existing file. Exit codes: 0 written and the "
            + "legacy tables found, 1 written but the test connection failed, 2 not written (file exists, cannot write), "
            + "3 written but legacy tables are missing.")

    @Option(name: .long, help: "Configuration file to write.")
    var config = "edu-migrate.yaml"

    func run() async throws {
        let path = ConfigLoaderPath.absolute(config)
        guard !FileManager.default.fileExists(atPath: path) else {
            CLI.stderr(
                "edu-migrate: \(path) already exists; init never overwrites a configuration. Check it with "
                    + "`edu-migrate check --config \(config)`, or move it away (or give another file with --config) and run init again."
            )
            throw ExitCode(CLI.badInput)
        }
        let assets = try CLI.assets()
        let env = ProcessInfo.processInfo.environment
        let (source, unset) = SourceFromEnvironment.conninfo(environment: env)
        print("source (from the PG* environment): \(source)")
        if !unset.isEmpty { print("  not set: " + SourceFromEnvironment.describe(unset: unset)) }
        if env["PGPASSWORD"].map({ !$0.isEmpty }) == true {
            print(
                "  PGPASSWORD is set: used by libpq for this test only and not written; for the migration keep the password in ~/.pgpass or PGPASSFILE"
            )
        }
        var code: Int32 = 0
        let line: String
        switch await Self.probe(source: source, assets: assets) {
        case .success(let p):
            line = p.summary
            print("test connection: \(line)")
            for t in p.found {
                print(
                    "  found   \(t.name.padding(toLength: 24, withPad: " ", startingAt: 0)) ~\(t.estimatedRows < 0 ? "?" : String(t.estimatedRows)) rows"
                )
            }
            for t in p.missing { print("  MISSING \(t)") }
            if !p.missing.isEmpty { code = CLI.warned }
        case .failure(let why):
            line = "failed: \(why)"
            print("test connection FAILED: \(why)")
            code = CLI.failed
        }
        let text = ConfigTemplate.render(source: source, connection: line, unsetVariables: unset)
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .withoutOverwriting) } catch {
            CLI.stderr(
                "edu-migrate: cannot write \(path): \(HeadlessRun.workDirProblem(path, error)); give a writable file with --config"
            )
            throw ExitCode(CLI.badInput)
        }
        print("wrote \(path)")
        switch code {
        case CLI.failed:
            print(
                "the file is written anyway (it holds no secret): fix the connection (server, ~/.pgpass) or edit `source:`, then"
            )
        case CLI.warned:
            print(
                "legacy tables are missing: is this the legacy database? Edit `source:` if not; phase 1 lists every missing column. Then"
            )
        default:
            print("next: review it (application, hooks), then")
        }
        print("  edu-migrate check --config \(config)")
        if code != 0 { throw ExitCode(code) }
    }

    /// The test connection: prompts for a password on a terminal when the server asks for one.
    static func probe(source: String, assets: URL) async -> Result<SourceProbe, ProbeFailure> {
        for attempt in 0..<2 {
            do { return .success(try await SourceProbe.run(source: source, assets: assets)) } catch let e
                as PostgresError
            {
                if attempt == 0, e.needsPassword, isatty(STDIN_FILENO) == 1,
                    (try? await PasswordPrompt.ensure(source: source)) != nil
                {
                    continue
                }
                return .failure(
                    ProbeFailure(
                        e.message.split(whereSeparator: \.isNewline).first.map(String.init) ?? e.message,
                        fix: e.hint))
            } catch {
                return .failure(ProbeFailure("\(error)", fix: nil))
            }
        }
        return .failure(ProbeFailure("no password", fix: "put it in ~/.pgpass or PGPASSFILE"))
    }

    /// Why the test connection failed, with libpq's fix when it has one.
    struct ProbeFailure: Error, CustomStringConvertible {
        var message: String
        var fix: String?
        init(_ message: String, fix: String?) {
            self.message = message
            self.fix = fix
        }
        var description: String { message + (fix.map { "; fix: \($0)" } ?? "") }
    }
}
