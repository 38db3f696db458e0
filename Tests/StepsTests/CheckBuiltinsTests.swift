import Foundation
import MigrationCore
import Testing

/// Phase 0's database check: the name the cutover will give the live database must be free
/// before anything runs, not found at the cutover after the application went down.
@Suite struct CheckBuiltinsTests {
    @Test func aTakenLegacyRenameFailsTheCheckNamingIt() async throws {
        let h = try await StepHarness("check_names")
        defer { h.finish() }
        let step = Step(id: "pre-migration.create-db-privilege", title: "CREATE DATABASE", kind: .check,
                        params: ["builtin": .string("create-db-privilege")])
        h.config.legacyRename = h.target.name  // a database of that name exists
        let failure = await #expect(throws: StepFailure.self) { try await CheckExecutor().run(step, context: h.context()) }
        #expect(failure?.message.contains("database name \(h.target.name) is free (legacy_rename): a database named \(h.target.name) already exists") == true,
                "\(failure?.message ?? "")")
        #expect(failure?.fix?.contains("drop or rename the leftover") == true)
        h.config.legacyRename = h.target.name + "_unused"
        #expect(try await CheckExecutor().run(step, context: h.context()) == .passed)
    }
}
