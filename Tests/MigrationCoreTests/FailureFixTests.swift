import Foundation
import Postgres
import Testing
@testable import MigrationCore

/// The fix line says what to do for the permission and locale failures the phase 1-2 hunt met,
/// instead of a generic line that misleads (CREATEDB for a rename, "is the server running?"
/// for a missing CONNECT).
@Suite struct FailureFixTests {
    static func fix(_ e: PostgresError) -> String {
        FailureMapping.failure(from: e, step: Step(id: "x", title: "x", kind: .sql)).fix ?? ""
    }

    @Test func renamingAnotherRolesDatabaseNamesTheOwner() {
        let e = PostgresError(kind: .server, message: "must be owner of database edu", sqlState: "42501")
        #expect(Self.fix(e).hasPrefix("only the database's owner (or a superuser) may rename it"))
        let other = PostgresError(kind: .server, message: "permission denied to create database", sqlState: "42501")
        #expect(Self.fix(other).contains("CREATEDB"))
    }

    @Test func noConnectPrivilegeSaysGrantConnect() {
        let e = PostgresError(
            kind: .connection,
            message: "connection to server failed: FATAL:  permission denied for database \"postgres\"")
        #expect(Self.fix(e).hasPrefix("the role may not connect to that database: GRANT CONNECT ON DATABASE"))
    }

    @Test func anUnknownLocaleSaysWhichLocalesWork() {
        let e = PostgresError(kind: .server, message: "invalid locale name: \"xx_YY.UTF-8\"", sqlState: "42809")
        #expect(Self.fix(e).hasPrefix("the server has no such locale"))
    }

    @Test func aSessionEndedByTheServerSaysRetryOnceItIsBack() {
        let terminated = PostgresError(
            kind: .server, message: "terminating connection due to administrator command", sqlState: "57P01")
        let lost = PostgresError(
            kind: .connection,
            message: "server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally"
        )
        for e in [terminated, lost] {
            #expect(
                Self.fix(e).hasPrefix("the server ended the session (restart, crash or pg_terminate_backend)"),
                "\(e.message)")
        }
    }
}
