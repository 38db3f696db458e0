import ArgumentParser
import Foundation
import MigrationCore
import Postgres

/// Passwords come only through libpq's own means (.pgpass, PGPASSFILE, a service file) or this
/// prompt: when the source server asks for a password libpq does not have, and stdin is a
/// terminal, it is read without echo and kept in memory (`SessionPassword`) for this process.
enum PasswordPrompt {
    /// Tries the source once. A connection that needs a password prompts on a terminal (three
    /// tries) and fails headless; any other failure is left to the steps, which report it.
    /// - Throws: `ExitCode(CLI.badInput)` after a one-line reason on stderr.
    @discardableResult
    static func ensure(source: String) async throws -> ConnectionProbe {
        var tries = 0
        while true {
            do {
                let conn = try await Connection.connect(source, applicationName: "edu-migrate probe", timeout: 10)
                let version = conn.serverVersion
                conn.close()
                return ConnectionProbe(serverVersion: version, problem: nil)
            } catch let e as PostgresError where e.needsPassword || (tries > 0 && e.sqlState == "28P01") {
                let who = Self.who(source)
                guard isatty(STDIN_FILENO) == 1 else {
                    CLI.stderr(
                        "edu-migrate: \(who) needs a password and none was found: put it in ~/.pgpass or the file "
                            + "PGPASSFILE names (mode 0600, host:port:db:user:password) or a service file, or run on a "
                            + "terminal to be prompted; passwords are never taken on the command line or in the config")
                    throw ExitCode(CLI.badInput)
                }
                if tries > 0 { CLI.stderr("edu-migrate: password authentication failed for \(who)") }
                guard tries < 3, let password = readHidden(prompt: "Password for \(who): "), !password.isEmpty else {
                    CLI.stderr("edu-migrate: no usable password for \(who); put it in ~/.pgpass or PGPASSFILE")
                    throw ExitCode(CLI.badInput)
                }
                tries += 1
                SessionPassword.remember(password, for: source)
            } catch {
                // Not a password problem: the first check reports it with its fix; the start screen says it now.
                let message = (error as? PostgresError)?.message ?? "\(error)"
                return ConnectionProbe(
                    serverVersion: nil, problem: message.split(separator: "\n").first.map(String.init) ?? message)
            }
        }
    }

    /// `user "u" on host:port` for messages (no secrets).
    static func who(_ conninfo: String) -> String {
        let user = ConnInfo.value("user", in: conninfo) ?? ProcessInfo.processInfo.environment["PGUSER"] ?? NSUserName()
        let host = ConnInfo.value("host", in: conninfo) ?? "localhost"
        let port = ConnInfo.value("port", in: conninfo) ?? "5432"
        return "user \"\(user)\" on \(host):\(port)"
    }

    /// Reads one line from the terminal on stdin with echo off (restored afterwards, also when
    /// the read fails); the prompt goes to stderr. Nil at end of input.
    static func readHidden(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        let haveTerm = tcgetattr(STDIN_FILENO, &saved) == 0
        if haveTerm {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            silent.c_lflag |= tcflag_t(ECHONL)
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer { if haveTerm { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) } }
        var bytes: [UInt8] = []
        var c: UInt8 = 0
        while read(STDIN_FILENO, &c, 1) == 1 {
            if c == 0x0A || c == 0x0D { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(c)
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
}

/// What the start-up connection test found: the server version, or why it failed.
struct ConnectionProbe {
    var serverVersion: Int?
    var problem: String?

    /// "PostgreSQL 15.18" from 150018 (major * 10000 + minor since version 10).
    var versionText: String? { serverVersion.map { "PostgreSQL \($0 / 10000).\($0 % 100)" } }
}
