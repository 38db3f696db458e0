import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// A password typed at the prompt: kept in memory, given to libpq as its own keyword, only for
/// the server and user it was typed for. Against the sandbox's TCP listener (scram-sha-256).
@Suite(.requiresPostgres, .requiresTmux, .tags(.postgres, .tmux)) struct SessionPasswordTests {
    /// A login role with a password and its TCP conninfo (no passfile can supply it).
    static func role(password: String) async throws -> (role: String, tcp: String) {
        let db = try await TestCluster.createDatabase("pwprompt")
        let role = TestCluster.uniqueName("pwprompt")
        let admin = try await Connection.connect(db.conninfo, applicationName: "tests admin")
        defer { admin.close() }
        try await admin.execute("CREATE ROLE \(role) LOGIN PASSWORD '\(password)'")
        return (role, try tcpConninfo(db.conninfo, user: role) + " passfile=/nonexistent/pgpass")
    }

    /// The sandbox's TCP listener (127.0.0.1, scram-sha-256) for the database of a socket conninfo.
    static func tcpConninfo(_ socket: String, user: String? = nil) throws -> String {
        let port = try #require(ConnInfo.value("port", in: socket))
        let db = try #require(ConnInfo.value("dbname", in: socket))
        let u = try #require(user ?? ConnInfo.value("user", in: socket))
        return "host=127.0.0.1 port=\(port) user=\(u) dbname=\(db)"
    }

    @Test func missingPasswordIsFlaggedAndARememberedOneConnects() async throws {
        let secret = "typed-\(UUID().uuidString)"
        let (role, tcp) = try await Self.role(password: secret)
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(tcp, timeout: 30) }
        #expect(error?.needsPassword == true)
        #expect(error?.sqlState == "28P01")

        SessionPassword.remember(secret, for: tcp)
        // Every conninfo of the same server and user gets it (the target and admin databases too).
        let other = try ConnInfo.replacingDatabase(tcp, with: "template1")
        let conn = try await Connection.connect(other, timeout: 30)
        #expect(try await conn.query("SELECT current_user AS u").rows[0]["u"] == role)
        conn.close()
        // Children get a passfile's path, never the password (ChildPasswordTests).
        #expect(try await SessionPassword.withChildEnvironment(for: tcp) { $0.keys.sorted() } == ["PGPASSFILE"])
        // The conninfo strings never carry it.
        #expect(!other.contains(secret))
    }

    @Test func aPasswordIsNotSentToAnotherUser() async throws {
        let (_, first) = try await Self.role(password: "first-secret")
        let (_, second) = try await Self.role(password: "second-secret")
        SessionPassword.remember("first-secret", for: first)
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(second, timeout: 30) }
        #expect(error?.needsPassword == true)
        #expect(try await SessionPassword.withChildEnvironment(for: second) { $0 }.isEmpty)
    }

    @Test func aWrongPasswordIsNotANeedAndNeverEchoed() async throws {
        let (_, tcp) = try await Self.role(password: "right-secret")
        SessionPassword.remember("wrong-secret", for: tcp)
        let error = await #expect(throws: PostgresError.self) { try await Connection.connect(tcp, timeout: 30) }
        #expect(error?.needsPassword == false)
        #expect(error?.sqlState == "28P01")
        #expect(error?.description.contains("wrong-secret") == false)
        let failure = FailureMapping.failure(from: try #require(error), step: Step(id: "x", title: "x", kind: .check))
        #expect(!"\(failure.message) \(failure.fix ?? "")".contains("wrong-secret"))
    }

    @Test func redactionCoversConninfoAndFreeText() {
        let redacted = ConnInfo.redacted("host=h user=u password=s3cret dbname=d")
        #expect(!redacted.contains("s3cret") && !redacted.contains("password") && redacted.contains("host=h"))
        #expect(!Redact.secrets("conn host=h password='a b' x").contains("a b"))
        #expect(Redact.secrets("postgresql://u:s3cret@h/db") == "postgresql://u:***@h/db")
        #expect(Redact.secrets("PGPASSWORD=s3cret pg_dump") == "PGPASSWORD=*** pg_dump")
    }
}

/// The prompt on a real terminal (tmux): no echo, a wrong password asked again, the right one
/// used by the run, and written nowhere.
@Suite(.requiresPostgres, .requiresTmux, .tags(.postgres, .tmux)) struct PasswordPromptTerminalTests {
    @Test func promptReadsWithoutEchoRetriesAndTheRunConnects() async throws {
        let secret = "Typed-\(UUID().uuidString.prefix(8))"
        let (_, tcp) = try await SessionPasswordTests.role(password: secret)
        let source = tcp.replacingOccurrences(of: " passfile=/nonexistent/pgpass", with: "")
        let c = CLIRunTests.config("source: \"\(source)\"\ntarget_database: pw_prompt_target\n")
        let home = Fixture.tempDir("pwhome")
        let env = [
            "EDU_MIGRATE_ASSETS": Fixture.realAssets.path, "HOME": home.path,
            "PGPASSFILE": home.appendingPathComponent("none").path,
        ]
        let cmd = [
            try CLIRunTests.binary(), "run", "--config", c.file, "--work-dir", c.work, "--through", "pre-migration",
            "--sign-off-as", "ci",
        ].map(TmuxTerminal.quote).joined(separator: " ")
        let term = try await TmuxTerminal(command: cmd, rows: 40, cols: 200, environment: env)
        let screen: String
        do {
            try await term.waitFor("Password for user")
            try await term.type("wrong-\(secret)")
            try await term.send("Enter")
            try await term.waitFor("password authentication failed")
            try await term.type(secret)
            try await term.send("Enter")
            screen = try await term.waitFor("EXITED rc=", timeout: 60)
        } catch {
            await term.kill()
            throw error
        }
        await term.kill()
        #expect(screen.contains("EXITED rc="))
        #expect(!screen.contains(secret))
        // The server-version check connected with the typed password (read from the journal: the
        // screen may have scrolled past it).
        let journal = try String(contentsOfFile: c.work + "/journal.jsonl", encoding: .utf8)
        #expect(journal.contains("PostgreSQL 15"))
        for file in ["journal.jsonl", "report.md"] {
            let text = try String(contentsOfFile: c.work + "/" + file, encoding: .utf8)
            #expect(!text.contains(secret), "\(file)")
        }
        let logs = try FileManager.default.contentsOfDirectory(atPath: c.work + "/logs")
        for log in logs {
            #expect(!(try String(contentsOfFile: c.work + "/logs/" + log, encoding: .utf8)).contains(secret))
        }
        #expect(!logs.isEmpty)
    }
}
