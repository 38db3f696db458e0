import Foundation
import Testing
@testable import MigrationCore

/// pg_dump / pg_restore found as libpq users expect, matched to the server's major version, and
/// the error a DBA reads when they are missing or too old.
@Suite struct ClientToolsTests {
    /// A directory holding a fake `name` that prints `pg_dump (PostgreSQL) <version>`.
    static func fakeTool(_ name: String, version: String, in dir: URL) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent(name)
        try Data("#!/bin/sh\necho '\(name) (PostgreSQL) \(version)'\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file.path)
    }

    @Test func parsesPostgresVersionLines() {
        #expect(PgClientTools.parseVersion("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)")! == ("15.18", 150018))
        #expect(PgClientTools.parseVersion("pg_restore (PostgreSQL) 9.6.24")! == ("9.6.24", 90624))
        #expect(PgClientTools.parseVersion("pg_dump (PostgreSQL) 17beta1")! == ("17beta1", 170000))
        #expect(PgClientTools.parseVersion("something else 15.2") == nil)
    }

    @Test func searchesPinnedThenPathThenTheServersMajorThenNewer() throws {
        let lib = Fixture.tempDir("pglib")
        for v in ["13", "15", "16"] {
            try FileManager.default.createDirectory(
                at: lib.appendingPathComponent("\(v)/bin"), withIntermediateDirectories: true)
        }
        let dirs = PgClientTools.searchPath(
            serverVersionNum: 150004, environment: ["PATH": "/a:/b", "EDU_MIGRATE_PGBIN": "/pinned"],
            libRoot: lib.path)
        #expect(dirs == ["/pinned", "/a", "/b", "\(lib.path)/15/bin", "\(lib.path)/16/bin", "/usr/local/pgsql/bin"])
    }

    @Test func missingPgDumpNamesTheServerVersionAndTheFix() async throws {
        let empty = Fixture.tempDir("nopath")
        let e = try await #require(throws: PgClientToolError.self) {
            try await PgClientTools.find(
                "pg_dump", serverVersionNum: 150004, environment: ["PATH": empty.path], libRoot: empty.path)
        }
        #expect(e.tooOld.isEmpty)
        #expect(e.message.hasPrefix("pg_dump not found"), "\(e.message)")
        #expect(e.message.contains("the server is PostgreSQL 15.4"), "\(e.message)")
        #expect(e.message.contains("\(empty.path)/15/bin"), "\(e.message)")
        #expect(e.fix.contains("postgresql-client-15") && e.fix.contains("EDU_MIGRATE_PGBIN"), "\(e.fix)")
    }

    @Test func olderPgDumpOnPathIsPassedOverForTheServersMajor() async throws {
        let path = Fixture.tempDir("oldpath")
        let lib = Fixture.tempDir("pglib")
        try Self.fakeTool("pg_dump", version: "13.9", in: path)
        try Self.fakeTool("pg_dump", version: "15.2", in: lib.appendingPathComponent("15/bin"))
        let tool = try await PgClientTools.find(
            "pg_dump", serverVersionNum: 150004, environment: ["PATH": path.path], libRoot: lib.path)
        #expect(tool.path == lib.appendingPathComponent("15/bin/pg_dump").path)
        #expect(tool.version == "15.2" && tool.versionNum == 150002)
    }

    @Test func onlyOlderPgDumpIsRefusedNamingBothVersions() async throws {
        let path = Fixture.tempDir("oldpath")
        let lib = Fixture.tempDir("pglib")
        try Self.fakeTool("pg_dump", version: "13.9", in: path)
        let e = try await #require(throws: PgClientToolError.self) {
            try await PgClientTools.find(
                "pg_dump", serverVersionNum: 150004, environment: ["PATH": path.path], libRoot: lib.path)
        }
        #expect(e.tooOld.map(\.version) == ["13.9"])
        #expect(
            e.message
                == "pg_dump is older than the server: \(path.path)/pg_dump is 13.9; the server is PostgreSQL 15.4, "
                + "which needs pg_dump 15 or newer", "\(e.message)")
        #expect(e.fix.contains("apt-get install postgresql-client-15"))
    }

    @Test func aNewerPgDumpServesAnOlderServer() async throws {
        let path = Fixture.tempDir("newpath")
        try Self.fakeTool("pg_restore", version: "16.1", in: path)
        let tool = try await PgClientTools.find(
            "pg_restore", serverVersionNum: 150004, environment: ["PATH": path.path],
            libRoot: Fixture.tempDir("pglib").path)
        #expect(tool.version == "16.1")
    }
}
