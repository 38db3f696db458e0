import Foundation
import ProcessSpawning
import MigrationCore
import Postgres
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct BackupStepsTests {
    private func backupRecord(_ h: StepHarness, _ id: String) throws -> [String: Any] {
        let data = try #require(h.artifact("backup.\(id)"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func customBackupVerifiesAndRestores() async throws {
        let h = try await StepHarness("backup")
        defer { h.finish() }
        let backup = Step(id: "prep.backup", title: "Backup", kind: .backup, params: ["format": .string("custom")])
        #expect(try await BackupExecutor().run(backup, context: h.context()) == .passed)
        let record = try backupRecord(h, "prep.backup")
        let path = try #require(record["path"] as? String)
        // Named after the legacy database, not a fixed "edu_".
        #expect(
            path.hasPrefix(h.config.backupDir + "/\(h.legacy.name)_custom_") && path.hasSuffix(".backup"), "\(path)")
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect((record["size"] as? NSNumber)?.int64Value == (attrs[.size] as? NSNumber)?.int64Value)
        // Our SHA-256 agrees with sha256sum.
        let out = Lines()
        _ = try await ChildProcess.run("sha256sum", [path], onStdout: { out.add($0) })
        #expect(out.all.first?.hasPrefix(try #require(record["sha256"] as? String)) == true)

        let verify = Step(
            id: "prep.verify", title: "Verify", kind: .verifyBackup, params: ["of": .string("prep.backup")])
        #expect(try await VerifyBackupExecutor().run(verify, context: h.context()) == .passed)
        let contents = try #require(h.results.first { $0.title.hasPrefix("Backup contents") })
        let counts = Dictionary(uniqueKeysWithValues: contents.rows.map { ($0[0], Int($0[1]) ?? 0) })
        #expect(counts["TABLE"] == 3 && counts["TABLE DATA"] == 3)
        #expect(counts["INDEX"] == 1 && counts["SEQUENCE"] == 1 && counts["CONSTRAINT"] == 2)

        let restore = Step(
            id: "prep.restore", title: "Test restore", kind: .testRestore, params: ["of": .string("prep.backup")])
        #expect(try await TestRestoreExecutor().run(restore, context: h.context()) == .passed)
        let compared = try #require(h.results.first { $0.title.hasPrefix("Test restore") })
        #expect(compared.rows.count == 3)
        #expect(compared.rows.contains(["public.persons", "5000", "5000"]))
        #expect(compared.status == [.pass, .pass, .pass])
        #expect(try await scratchExists(h) == false)
        // pg_dump's and pg_restore's --verbose lines stay in the log, at debug level only.
        let toolLines = h.events.compactMap { e -> LogLevel? in
            if case .log(_, let level, let m) = e, m.hasPrefix("[pg_restore] ") || m.hasPrefix("[pg_dump] ") {
                return level
            }
            return nil
        }
        #expect(toolLines.count > 5 && toolLines.allSatisfy { $0 == .debug }, "\(toolLines)")
    }

    /// A SQL_ASCII legacy database with 8-bit text restores into a scratch database of its own
    /// encoding (a UTF8 one would refuse the first byte that is not UTF-8).
    @Test func aSqlAsciiBackupWithEightBitTextTestRestores() async throws {
        let h = try await StepHarness(
            "backup_ascii",
            legacyOptions: "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0")
        defer { h.finish() }
        let legacy = try await Connection.connect(h.legacy.conninfo)
        try await legacy.execute(try TestCluster.fixture("steps/win1251_names.sql"))
        legacy.close()
        _ = try await BackupExecutor().run(
            Step(id: "b", title: "B", kind: .backup, params: ["format": .string("custom")]), context: h.context())
        let restore = Step(id: "r", title: "Test restore", kind: .testRestore, params: ["of": .string("b")])
        #expect(try await TestRestoreExecutor().run(restore, context: h.context()) == .passed)
        let compared = try #require(h.results.first { $0.title.hasPrefix("Test restore") })
        #expect(compared.rows.contains(["public.persons", "5000", "5000"]))
        #expect(h.logs.contains { $0.hasSuffix("created in the archive's encoding SQL_ASCII") }, "\(h.logs)")
        #expect(try await scratchExists(h) == false)
    }

    @Test func verifyFailsWhenTheFileChanged() async throws {
        let h = try await StepHarness("tamper")
        defer { h.finish() }
        let backup = Step(id: "b", title: "Backup", kind: .backup, params: ["format": .string("custom")])
        _ = try await BackupExecutor().run(backup, context: h.context())
        let path = try #require(try backupRecord(h, "b")["path"] as? String)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seekToEnd()
        handle.write(Data([0x0a]))
        try handle.close()
        let verify = Step(id: "v", title: "Verify", kind: .verifyBackup, params: ["of": .string("b")])
        let failure = await #expect(throws: StepFailure.self) {
            try await VerifyBackupExecutor().run(verify, context: h.context())
        }
        #expect(failure?.code == "backup-hash")
        let missing = Step(id: "v2", title: "Verify", kind: .verifyBackup, params: ["of": .string("nope")])
        let none = await #expect(throws: StepFailure.self) {
            try await VerifyBackupExecutor().run(missing, context: h.context())
        }
        #expect(none?.code == "backup-missing" && none?.fix?.contains("nope") == true)
    }

    @Test func plainSchemaAndDataBackupsAreListed() async throws {
        let h = try await StepHarness("plain")
        defer { h.finish() }
        for format in ["schema", "data"] {
            let backup = Step(id: "b.\(format)", title: "Backup", kind: .backup, params: ["format": .string(format)])
            _ = try await BackupExecutor().run(backup, context: h.context())
            #expect(try (backupRecord(h, "b.\(format)")["path"] as? String)?.hasSuffix(".sql") == true)
            let verify = Step(
                id: "v.\(format)", title: "Verify", kind: .verifyBackup, params: ["of": .string("b.\(format)")])
            #expect(try await VerifyBackupExecutor().run(verify, context: h.context()) == .passed)
        }
        // Two backups within the same second never share (or overwrite) a file.
        let again = Step(id: "b.again", title: "Backup", kind: .backup, params: ["format": .string("schema")])
        _ = try await BackupExecutor().run(again, context: h.context())
        let first = try backupRecord(h, "b.schema")["path"] as? String
        let second = try backupRecord(h, "b.again")["path"] as? String
        #expect(first != nil && second != nil && first != second)
        let tables = h.results.filter { $0.title.hasPrefix("Backup contents") }
        #expect(tables.count == 2)
        #expect(tables[0].rows.contains(["TABLE", "3"]) && !tables[0].rows.contains { $0[0] == "TABLE DATA" })
        #expect(tables[1].rows.contains(["TABLE DATA", "3"]) && !tables[1].rows.contains { $0[0] == "TABLE" })
    }

    @Test func testRestoreFailsOnCountMismatchAndDropsScratch() async throws {
        let h = try await StepHarness("mismatch")
        defer { h.finish() }
        _ = try await BackupExecutor().run(Step(id: "b", title: "B", kind: .backup), context: h.context())
        let writer = try await Connection.connect(h.legacy.conninfo)
        try await writer.execute("DELETE FROM students WHERE id <= 10")
        writer.close()
        let restore = Step(id: "r", title: "R", kind: .testRestore, params: ["of": .string("b")])
        let failure = await #expect(throws: StepFailure.self) {
            try await TestRestoreExecutor().run(restore, context: h.context())
        }
        #expect(failure?.code == "restore-mismatch")
        #expect(failure?.message.contains("public.students") == true)
        let table = try #require(h.results.first { $0.title.hasPrefix("Test restore") })
        #expect(table.status?.filter { $0 == .fail }.count == 1)
        #expect(try await scratchExists(h) == false)
    }

    /// pg_dump writes `<name>.partial`; only a finished dump gets its name. What an interrupted
    /// attempt left is removed by the next one, so no half-written file looks like a backup.
    @Test func anInterruptedBackupLeavesOnlyAPartialFileWhichTheNextAttemptRemoves() async throws {
        let h = try await StepHarness("partial")
        defer { h.finish() }
        try FileManager.default.createDirectory(atPath: h.config.backupDir, withIntermediateDirectories: true)
        let stale = h.config.backupDir + "/\(h.legacy.name)_custom_20260101T000000Z.backup.partial"
        try Data("half a dump".utf8).write(to: URL(fileURLWithPath: stale))
        let other = h.config.backupDir + "/notes.txt"
        try Data("keep".utf8).write(to: URL(fileURLWithPath: other))
        #expect(
            try await BackupExecutor().run(Step(id: "b", title: "B", kind: .backup), context: h.context()) == .passed)
        let names = try FileManager.default.contentsOfDirectory(atPath: h.config.backupDir).sorted()
        #expect(names.count == 2 && names.contains("notes.txt"), "\(names)")
        #expect(!names.contains { $0.hasSuffix(".partial") }, "\(names)")
        #expect(
            h.logs.contains {
                $0.hasPrefix(
                    "removed the unfinished file(s) of an interrupted backup: \(h.legacy.name)_custom_20260101T000000Z.backup.partial"
                )
            },
            "\(h.logs)")
        let path = try #require(try backupRecord(h, "b")["path"] as? String)
        #expect(FileManager.default.fileExists(atPath: path) && !path.hasSuffix(".partial"))
    }

    /// The scratch database's name taken by someone else's database: the test restore stops
    /// naming it and leaves it alone; a leftover of this migration's own test restore is replaced.
    @Test func testRestoreDropsOnlyItsOwnScratchDatabase() async throws {
        let h = try await StepHarness("scratch_owner")
        defer { h.finish() }
        _ = try await BackupExecutor().run(Step(id: "b", title: "B", kind: .backup), context: h.context())
        let scratch = h.config.targetDatabase + "_restore_check"
        let admin = try await Connection.connect(try ConnInfo.replacingDatabase(h.legacy.conninfo, with: "postgres"))
        defer { admin.close() }
        try await admin.execute("CREATE DATABASE \(scratch)")
        let restore = Step(id: "r", title: "R", kind: .testRestore, params: ["of": .string("b")])
        let failure = await #expect(throws: StepFailure.self) {
            try await TestRestoreExecutor().run(restore, context: h.context())
        }
        #expect(failure?.code == "scratch-exists")
        #expect(failure?.message.contains("\(scratch) already exists") == true, "\(failure?.message ?? "")")
        #expect(try await scratchExists(h) == true)
        let marker = "created by edu-migrate (test restore) for the migration in " + h.workDir.standardizedFileURL.path
        try await admin.execute("COMMENT ON DATABASE \(scratch) IS '\(marker)'")
        #expect(try await TestRestoreExecutor().run(restore, context: h.context()) == .passed)
        #expect(try await scratchExists(h) == false)
    }

    private func scratchExists(_ h: StepHarness) async throws -> Bool {
        let admin = try await Connection.connect(try ConnInfo.replacingDatabase(h.legacy.conninfo, with: "postgres"))
        defer { admin.close() }
        return try await admin.query(
            "SELECT count(*) AS n FROM pg_database WHERE datname = $1",
            [h.config.targetDatabase + "_restore_check"]
        ).rows[0].int("n") == 1
    }
}

/// Lines collected from a @Sendable callback.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func add(_ line: String) { lock.withLock { stored.append(line) } }
    var all: [String] { lock.withLock { stored } }
}
