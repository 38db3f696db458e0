import Foundation
import Postgres
import Testing
import TestSupport
@testable import MigrationCore

/// Phase 2 says in the log what each step did (it logged nothing): statements run and what
/// they created, and what the verification read.
@Suite(.requiresPostgres, .tags(.postgres)) struct SchemaLogTests {
    @Test func everySchemaStepLogsWhatItDid() async throws {
        let db = try await TestCluster.createDatabase("schema_log")
        let bench = ValidationCompareTests.Bench()
        let context = bench.context(conninfo: db.conninfo)
        for id in ["schema.reference-tables", "schema.core-schema", "schema.indexes-constraints", "schema.verify"] {
            let step = try ValidationCompareTests.plannedStep(id)
            _ = try await registryExecutor(step).run(step, context: context)
        }
        let infos = bench.lock.withLock {
            bench.events.compactMap { e -> (String, String)? in
                if case .log(let s?, .info, let m) = e { return (s, m) } else { return nil }
            }
        }
        func line(_ id: String) -> String? { infos.first { $0.0 == id }?.1 }
        let core = try #require(line("schema.core-schema"), "\(infos)")
        #expect(
            core.hasPrefix("sql/target/02_core_schema.sql: ") && core.contains(" statements in ")
                && core.contains(", one transaction committed: ") && core.contains(" CREATE TABLE"), "\(core)")
        #expect(line("schema.reference-tables")?.contains(" CREATE TABLE") == true, "\(infos)")
        #expect(line("schema.indexes-constraints")?.contains(" CREATE INDEX") == true, "\(infos)")
        let verify = try #require(line("schema.verify"), "\(infos)")
        #expect(
            verify.hasPrefix("sql/target/00_verify_schema.sql: ") && verify.contains(" rows; 0 failed, 0 warned"),
            "\(verify)")
    }

    private func registryExecutor(_ step: Step) -> any StepExecutor {
        step.kind == .validate ? ValidateExecutor() : SqlExecutor()
    }
}
