import Foundation
import Testing
@testable import MigrationCore

@Suite struct ConfigTests {
    static let good = """
        source: "host=/var/run/postgresql dbname=edu user=postgres"
        target_database: edu_new
        legacy_rename: edu_legacy
        work_dir: ./edu_migration
        backup_dir: /srv/backups
        application:
          endpoints:
            - { name: teachers, url: "http://localhost:8000/teachers", expect: json }
            - { name: health,   url: "http://localhost:8000/health" }
          frontend: "http://localhost:3000"
        hooks:
          maintenance_on:  "touch /var/www/education-system/maintenance.flag"
          stop_services:   "systemctl stop education-backend education-frontend"
          timeout: 20m
        monitor: { interval: 30m, duration: 24h }
        transfer: { max_rows_per_second: 50000, source_encoding: WIN1251 }
        """

    @Test func parsesTheDesignExample() throws {
        let c = try ConfigLoader.parse(Self.good, file: "edu.yaml", baseDirectory: URL(fileURLWithPath: "/etc/edu"))
        #expect(c.targetDatabase == "edu_new")
        #expect(c.legacyRename == "edu_legacy")
        #expect(c.workDir == "/etc/edu/edu_migration")
        #expect(c.backupDir == "/srv/backups")
        #expect(c.endpoints.map(\.name) == ["teachers", "health"])
        #expect(c.endpoints[0].expect == "json")
        #expect(c.frontend == "http://localhost:3000")
        #expect(c.hooks.maintenanceOn?.hasPrefix("touch") == true)
        #expect(c.hooks.maintenanceOff == nil)
        #expect(c.hooks.timeout == 1200)
        #expect(try ConfigLoader.parse("source: \"dbname=edu\"").hooks.timeout == nil)
        #expect(c.monitorInterval == 1800)
        #expect(c.monitorDuration == 86400)
        #expect(c.transferMaxRowsPerSecond == 50000)
        #expect(c.transferSourceEncoding == "WIN1251")
        #expect(try ConfigLoader.parse("source: \"dbname=edu\"").transferMaxRowsPerSecond == nil)
        // Without backup_dir the backups go into work_dir.
        let noBackupDir = try ConfigLoader.parse(
            "source: \"dbname=edu\"\nwork_dir: /srv/mig", file: "edu.yaml",
            baseDirectory: URL(fileURLWithPath: "/etc/edu"))
        #expect(noBackupDir.backupDir == "/srv/mig/backups")
    }

    @Test func reportsEveryBadValueNamingTheKey() throws {
        let bad = """
            source: "host=localhost dbname=edu password=1111"
            target_datbase: edu_new
            legacy_rename: edu
            backup_dir: ""
            application:
              endpoints:
                - { name: api, url: "ftp://example.com" }
            hooks:
              maintenance: "touch x"
            monitor: { interval: soon, duration: 1h }
            transfer: { max_rows_per_second: fast, source_encoding: "cp 1251" }
            """
        let e = try #require(throws: ConfigError.self) { try ConfigLoader.parse(bad, file: "bad.yaml") }
        let text = e.problems.map(\.description)
        let expected: [(Int, String, String)] = [
            (1, "source", "must not contain a password"),
            (2, "target_datbase", "did you mean 'target_database'"),
            (3, "legacy_rename", "must differ from the source database 'edu'"),
            (4, "backup_dir", "non-empty"),
            (7, "application.endpoints[0].url", "not an http(s) URL"),
            (9, "hooks.maintenance", "did you mean 'hooks.maintenance_on'"),
            (10, "monitor.interval", "not a duration"),
            (11, "transfer.max_rows_per_second", "not a positive number of rows per second"),
            (11, "transfer.source_encoding", "not an encoding name"),
        ]
        for (line, key, msg) in expected {
            #expect(
                e.problems.contains { $0.line == line && $0.key == key && $0.message.contains(msg) },
                "missing \(line) \(key) \(msg): \(text)")
        }
        #expect(e.problems.count == expected.count, "\(text)")
        #expect(!e.description.contains("1111"))
    }

    /// A section given as text or a list used to be ignored (defaults, no word): a mistyped
    /// `hooks:` meant services were never stopped before the cutover.
    @Test func sectionsOfTheWrongTypeAreRefusedNamingKeyAndLine() throws {
        let bad = """
            source: "dbname=edu"
            hooks: "/usr/local/bin/stop-app.sh"
            monitor: [1, 2]
            transfer: 50000
            application: "http://localhost:8000"
            """
        let e = try #require(throws: ConfigError.self) { try ConfigLoader.parse(bad, file: "bad.yaml") }
        let expected: [(Int, String, String)] = [
            (2, "hooks", "a single value"), (3, "monitor", "a list"),
            (4, "transfer", "a single value"), (5, "application", "a single value"),
        ]
        for (line, key, kind) in expected {
            #expect(
                e.problems.contains {
                    $0.line == line && $0.key == key && $0.message.contains("must be a section of keys")
                        && $0.message.contains(kind)
                }, "\(line) \(key): \(e.problems)")
        }
        #expect(e.problems.map(\.line) == [2, 3, 4, 5], "in file order: \(e.problems)")
        #expect(e.description.contains("bad.yaml:2: hooks: must be a section of keys, e.g. hooks: {"))
        let endpoint = try #require(throws: ConfigError.self) {
            try ConfigLoader.parse("source: \"dbname=edu\"\napplication:\n  endpoints:\n    - \"http://x/health\"")
        }
        #expect(endpoint.problems.map(\.key) == ["application.endpoints[0]"] && endpoint.problems[0].line == 4)
        // An empty section stays allowed: it is a section with no keys.
        let empty = try ConfigLoader.parse("source: \"dbname=edu\"\nhooks:\nmonitor: {}")
        #expect(empty.hooks.stopServices == nil)
    }

    /// YAML keeps the last of a repeated key without a word; a second `source:` would silently
    /// change the database migrated.
    @Test func aKeyGivenTwiceAtAnyLevelIsRefused() throws {
        let bad = """
            source: "dbname=edu"
            target_database: edu_new
            source: "dbname=edu_other"
            hooks:
              stop_services: "a"
              stop_services: "b"
            application:
              endpoints:
                - { name: h, url: "http://x/h", name: g }
            """
        let e = try #require(throws: ConfigError.self) { try ConfigLoader.parse(bad, file: "twice.yaml") }
        let got = e.problems.map { "\($0.line) \($0.key)" }
        #expect(got.contains("3 source"), "\(e.problems)")
        #expect(got.contains("6 hooks.stop_services"), "\(e.problems)")
        #expect(got.contains("9 application.endpoints[0].name"), "\(e.problems)")
        #expect(e.problems.allSatisfy { $0.message.contains("given twice") }, "\(e.problems)")
        #expect(e.problems.first { $0.key == "source" }?.message.contains("first on line 1") == true)
        #expect(e.problems.count == 3, "\(e.problems)")
    }

    @Test func uriPasswordsAndMissingDatabaseAreRejected() throws {
        let e1 = try #require(throws: ConfigError.self) {
            try ConfigLoader.parse("source: \"postgresql://dba:secret@db.example/edu\"")
        }
        #expect(e1.problems.map(\.key) == ["source"])
        #expect(e1.problems[0].message.contains("password"))
        let e2 = try #require(throws: ConfigError.self) { try ConfigLoader.parse("source: \"host=/tmp user=x\"") }
        #expect(e2.problems[0].message.contains("dbname"))
        let e3 = try #require(throws: ConfigError.self) { try ConfigLoader.parse("source: \"host='/tmp dbname=edu\"") }
        #expect(e3.problems[0].message.contains("unterminated quote"))
        let e4 = try #require(throws: ConfigError.self) { try ConfigLoader.parse("target_database: x") }
        #expect(e4.problems.contains { $0.key == "source" && $0.message.contains("missing") })
        let ok = try ConfigLoader.parse(
            "source: \"postgresql://dba@db.example:5433/edu?sslmode=require\"\ntarget_database: edu_next")
        #expect(ok.targetDatabase == "edu_next")
    }

    @Test func durations() {
        #expect(ConfigLoader.duration("1h") == 3600)
        #expect(ConfigLoader.duration("30m") == 1800)
        #expect(ConfigLoader.duration("5s") == 5)
        #expect(ConfigLoader.duration("2d") == 172800)
        #expect(ConfigLoader.duration("90") == 90)
        #expect(ConfigLoader.duration("-5m") == nil)
        #expect(ConfigLoader.duration("soon") == nil)
    }

    @Test func redactionRemovesPasswords() {
        #expect(Redact.secrets("host=x password=1111 dbname=edu") == "host=x password=*** dbname=edu")
        #expect(Redact.secrets("postgresql://dba:pw@host/edu") == "postgresql://dba:***@host/edu")
        #expect(Redact.secrets("export PGPASSWORD=1111") == "export PGPASSWORD=***")
    }
}
