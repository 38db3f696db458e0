import Foundation
import Testing
@testable import MigrationCore

@Suite struct PlanLoaderTests {
    @Test func loadsFixturePlanInFileOrder() throws {
        let plan = try Fixture.goodPlan()
        #expect(plan.stages.map(\.id) == ["list", "alpha", "beta", "undo"])
        #expect(plan.phaseIDs == ["alpha", "beta"])
        let check = try #require(plan.step("list.version")?.step)
        #expect(check.kind == .check)
        #expect(check.param("min") == "150000")
        #expect(check.section == "System")
        #expect(plan.step("undo.drop")?.step.destructive == true)
        #expect(plan.stage("beta")?.gate == ["alpha"])
    }

    @Test func reportsEveryProblemWithFileAndLine() throws {
        let error = try #require(throws: PlanLoadError.self) {
            try PlanLoader.load(assets: Fixture.assets("bad"))
        }
        let lines = error.problems.map(\.description)
        let expected: [(String, String)] = [
            ("10_bad.yaml:5:", "gate names unknown stage 'nowhere'"),
            ("10_bad.yaml:9:", "unknown step kind 'shell'"),
            ("10_bad.yaml:10:", "step one.b (sql): missing param `file`"),
            ("10_bad.yaml:17:", "SQL file 'sql/nope.sql' not found"),
            ("10_bad.yaml:18:", "step one.d: missing `title`"),
            ("10_bad.yaml:23:", "param `expect` must be one of"),
            ("10_bad.yaml:23:", "SQL file 'sql/nope2.sql' not found"),
            ("10_bad.yaml:27:", "step one.f (cutover): unknown param `preveiw` (cutover takes: preview, confirm)"),
            ("20_dup.yaml:2:", "duplicate stage id 'one' (first defined at 10_bad.yaml:2)"),
            ("20_dup.yaml:6:", "duplicate step id 'one.b' (first defined at 10_bad.yaml:10)"),
            ("20_dup.yaml:12:", "`of` names 'one.b', which is not a backup step"),
        ]
        for (prefix, text) in expected {
            #expect(
                lines.contains { $0.hasPrefix(prefix) && $0.contains(text) }, "missing: \(prefix) \(text) in \(lines)")
        }
        #expect(error.problems.count == expected.count, "\(lines)")
    }

    @Test func invalidYamlIsReportedWithItsLine() throws {
        let dir = Fixture.tempDir("plan")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("plan"), withIntermediateDirectories: true)
        try "stages:\n  - id: x\n    title: [unclosed\n".write(
            to: dir.appendingPathComponent("plan/01.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: PlanLoadError.self) { try PlanLoader.load(assets: dir) }
        #expect(error.problems.count == 1)
        #expect(error.problems[0].file == "01.yaml")
        #expect(error.problems[0].line >= 3)
        #expect(error.problems[0].message.contains("not valid YAML"))
    }

    /// The product plan loads without a single problem (every SQL file it names exists).
    @Test func productPlanIsStructurallyValid() throws {
        let plan = try PlanLoader.load(assets: Fixture.realAssets)
        #expect(plan.phaseIDs.starts(with: ["preparation", "schema", "migration", "validation"]))
        let migration = try #require(plan.stage("migration"))
        #expect(StepGraph.applies(to: migration))
    }

    @Test func sqlWavesNameExistingFilesAndExcludeFile() throws {
        let dir = Fixture.tempDir("plan")
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("plan"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: dir.appendingPathComponent("sql"), withIntermediateDirectories: true)
        try "SELECT 1;\n".write(to: dir.appendingPathComponent("sql/a.sql"), atomically: true, encoding: .utf8)
        try """
        stages:
          - id: s
            title: S
            kind: phase
            steps:
              - id: s.ok
                title: OK
                kind: sql
                params: { waves: [[sql/a.sql, sql/a.sql], [sql/a.sql]] }
              - id: s.missing
                title: Missing
                kind: sql
                params: { waves: [[sql/a.sql, sql/gone.sql]], file: sql/a.sql }
              - id: s.shape
                title: Shape
                kind: sql
                params: { waves: sql/a.sql }

        """.write(to: dir.appendingPathComponent("plan/01.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: PlanLoadError.self) { try PlanLoader.load(assets: dir) }
        let lines = error.problems.map(\.description)
        #expect(lines.contains { $0.contains("s.missing") && $0.contains("'sql/gone.sql' not found") }, "\(lines)")
        #expect(lines.contains { $0.contains("s.missing") && $0.contains("either `file` or `waves`") }, "\(lines)")
        #expect(lines.contains { $0.contains("s.shape") && $0.contains("list of lists") }, "\(lines)")
        #expect(!lines.contains { $0.contains("s.ok") }, "\(lines)")
        #expect(error.problems.count == 3, "\(lines)")
    }

    @Test func legacyManifestParsesAndRejectsDuplicates() throws {
        let m = try LegacyManifest.load(assets: Fixture.assets("good"))
        #expect(m.tables.map(\.name) == ["fixture_people", "fixture_pets"])
        #expect(m.table("fixture_pets")?.columns == ["id", "owner_id", "name"])
        let e = try #require(throws: PlanLoadError.self) {
            try LegacyManifest.parse(
                "tables:\n  - name: a\n    columns: [id]\n  - name: a\n    columns: [id]\n  - name: b\n")
        }
        #expect(
            e.problems.map(\.description) == [
                "legacy_tables.yaml:4: duplicate table 'a'",
                "legacy_tables.yaml:6: table 'b': missing `columns` list",
            ])
    }

    @Test func assetsLocatorPrefersEnvironment() {
        let url = AssetsLocator.find(environment: ["EDU_MIGRATE_ASSETS": "/tmp/some/Assets"])
        #expect(url?.path == "/tmp/some/Assets")
        let found = AssetsLocator.find(environment: [:])
        #expect(found.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("plan").path) } == true)
    }
}
