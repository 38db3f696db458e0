import Foundation
import ProcessSpawning
@testable import MigrationCore
import PostgresSandbox
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct RollbackTests {
    private func rollback(_ path: String) -> Step {
        // The backups it may restore, as the plan would give them (a plan's custom-format backups).
        Step(
            id: "rollback.execute", title: "Rollback", kind: .rollback, destructive: true,
            params: ["path": .string(path), "backups": .list([.string("deployment.final-backup")])])
    }
    private let cutover = Step(id: "deployment.cutover", title: "Cutover", kind: .cutover, destructive: true)

    /// pg_dump -Fc of the live database, recorded as the final backup's artifact.
    private func backup(_ world: DeployWorld, tamper: Bool = false) async throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("\(world.live).backup").path
        let s = world.sandbox
        let r = try await ChildProcess.run(
            PgTools.path("pg_dump"),
            [
                "--format=custom", "--host", s.socketDir, "--port", String(s.port),
                "--username", s.user, "--file", file, world.live,
            ])
        #expect(r.succeeded)
        var hash = try await RollbackBackup.sha256(file, context: world.context(), stepID: "test")
        if tamper { hash = String(hash.reversed()) }
        let record = "{\"path\":\"\(file)\",\"sha256\":\"\(hash)\",\"format\":\"custom\"}"
        world.rec.save("backup.deployment.final-backup", Data(record.utf8))
        return file
    }

    @Test func beforeCutoverAutoDropsTheNewDatabase() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        #expect(try await RollbackExecutor().run(rollback("auto"), context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live])
        #expect(world.rec.checks.contains { $0.0 == "rollback drop-new" && $0.1 == .pass })
        #expect(world.rec.logs.contains { $0.contains("revert_app_config not configured") })
        #expect(world.rec.tables.last?.status == [.pass, .pass, .pass])
    }

    @Test func afterCutoverFastPathReversesTheRenamesAndRunsTheRevertHook() async throws {
        var made = try await DeployWorld.make()
        made.config.hooks.revertAppConfig = "echo config reverted"
        let world = made
        defer { Task { await world.cleanup() } }
        #expect(try await CutoverExecutor().run(cutover, context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.legacy])
        #expect(try await RollbackExecutor().run(rollback("auto"), context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.target])
        #expect(try await world.count("education_group", in: world.live) == 4)
        #expect(try await world.count("education_groups", in: world.target) == 3)
        #expect(world.rec.logs.contains("[revert_app_config] config reverted"))
        #expect(world.rec.checks.contains { $0.0 == "rollback fast" })
        // drop-new is refused once cutover happened
        #expect(try await CutoverExecutor().run(cutover, context: world.context()) == .passed)
        await #expect(throws: StepFailure.self) {
            try await RollbackExecutor().run(rollback("drop-new"), context: world.context())
        }
    }

    @Test func slowPathRestoresTheVerifiedBackupAndSwapsItIn() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let file = try await backup(world)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try await CutoverExecutor().run(cutover, context: world.context()) == .passed)
        #expect(try await RollbackExecutor().run(rollback("slow"), context: world.context()) == .passed)
        #expect(try await world.databases() == [world.live, world.legacy, world.target])
        #expect(try await world.count("course", in: world.live) == 60)  // restored legacy data is live
        #expect(try await world.count("courses", in: world.target) == 5)  // failed new db retired, kept
        #expect(try await world.count("course", in: world.legacy) == 60)  // legacy untouched
        #expect(
            world.rec.events.contains {
                if case .checkResult(_, "backup verified", .pass, let ev) = $0 {
                    return ev.contains("TOC entries")
                } else {
                    return false
                }
            })
    }

    @Test func slowPathRefusesABackupWhoseChecksumDoesNotMatch() async throws {
        let world = try await DeployWorld.make()
        defer { Task { await world.cleanup() } }
        let file = try await backup(world, tamper: true)
        defer { try? FileManager.default.removeItem(atPath: file) }
        do {
            _ = try await RollbackExecutor().run(rollback("slow"), context: world.context())
            Issue.record("restored an unverified backup")
        } catch let f as StepFailure {
            #expect(f.code == "no-verified-backup")
            #expect(f.message.contains("does not match"))
        }
        #expect(try await world.databases() == [world.live, world.target])
    }
}
