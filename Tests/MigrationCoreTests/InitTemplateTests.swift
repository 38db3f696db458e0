import Foundation
import Testing
@testable import MigrationCore

/// The configuration `edu-migrate init` writes, the source it takes from PG*, the plan `check`
/// runs, and the versions `--version` prints.
@Suite struct InitTemplateTests {
    @Test func sourceComesFromPgEnvironmentWithoutThePassword() {
        let (info, unset) = SourceFromEnvironment.conninfo(environment: [
            "PGHOST": "/var/run/postgresql", "PGPORT": "5433", "PGUSER": "dba one", "PGDATABASE": "edu",
            "PGPASSWORD": "s3cret",
        ])
        #expect(info == "host=/var/run/postgresql port=5433 user='dba one' dbname=edu")
        #expect(unset.isEmpty)
        let bare = SourceFromEnvironment.conninfo(environment: [:])
        #expect(bare.conninfo == "dbname=edu")
        #expect(bare.unset == ["PGHOST", "PGPORT", "PGUSER", "PGDATABASE"])
    }

    @Test func templateLoadsWithTheProjectsLoaderAndExplainsEveryKey() throws {
        let text = ConfigTemplate.render(
            source: "host=/tmp port=5999 user='dba one' dbname=edu",
            connection: "failed: no server\nsecond line", unsetVariables: ["PGPORT"])
        let cfg = try ConfigLoader.parse(text, file: "edu-migrate.yaml")
        #expect(cfg.source == "host=/tmp port=5999 user='dba one' dbname=edu")
        #expect(cfg.targetDatabase == "edu_new" && cfg.legacyRename == "edu_legacy")
        #expect(cfg.monitorInterval == 3600 && cfg.monitorDuration == 86400)
        #expect(cfg.hooks == MigrationConfig.Hooks() && cfg.endpoints.isEmpty)  // hooks only as commented examples
        // Every key the loader knows is in the file, set or as a commented example (so it cannot go stale).
        let keys =
            ConfigLoader.topKeys + ConfigLoader.hookKeys + [
                "timeout", "endpoints", "frontend", "expect", "interval",
                "duration", "max_rows_per_second", "source_encoding",
            ]
        for key in keys { #expect(text.contains("\(key):"), "key \(key) not explained") }
        #expect(!text.lowercased().contains("password:") && !text.contains("password="))
        #expect(text.contains("# Test connection: failed: no server; second line"))
        #expect(text.contains("# Not set when written: PGPORT (libpq's default applies)."))
    }

    @Test func preflightKeepsOnlyPhaseOnesChecksWithoutGates() throws {
        let plan = try PlanLoader.load(assets: Fixture.realAssets)
        let pre = plan.preflight()
        #expect(pre.stages.map(\.id) == ["pre-migration", "preparation"])
        #expect(pre.stages.allSatisfy { $0.gate.isEmpty })
        let steps = pre.stages.flatMap(\.steps)
        #expect(steps.allSatisfy { $0.kind == .check })
        #expect(
            steps.count
                == plan.stages.filter { ["pre-migration", "preparation"].contains($0.id) }
                .flatMap(\.steps).filter { $0.kind == .check }.count)
        #expect(steps.map(\.id).contains("preparation.client-tools"))
        #expect(plan.preflight(phase: "nonexistent").stages.isEmpty)
    }

    @Test func planVersionIsADigestOfPlanAndSqlButNotTheTestHarness() throws {
        let a = Fixture.tempDir("assets")
        let fm = FileManager.default
        for d in ["plan", "sql/core", "sql/tests"] {
            try fm.createDirectory(at: a.appendingPathComponent(d), withIntermediateDirectories: true)
        }
        try Data("stages: []\n".utf8).write(to: a.appendingPathComponent("plan/00.yaml"))
        try Data("SELECT 1\n".utf8).write(to: a.appendingPathComponent("sql/core/x.sql"))
        let v1 = try PlanVersion.of(assets: a)
        #expect(v1.files == 2 && v1.digest.count == 12)
        try Data("anything\n".utf8).write(to: a.appendingPathComponent("sql/tests/run.sh"))
        #expect(try PlanVersion.of(assets: a) == v1)
        try Data("SELECT 2\n".utf8).write(to: a.appendingPathComponent("sql/core/x.sql"))
        #expect(try PlanVersion.of(assets: a).digest != v1.digest)
    }

    @Test func assetsLocatorFindsAReleaseShareBesideBin() throws {
        let prefix = Fixture.tempDir("release")
        try FileManager.default.createDirectory(
            at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            at: prefix.appendingPathComponent("share/edu-migrate/plan"), withIntermediateDirectories: true)
        let found = AssetsLocator.releaseAssets(besideExecutableIn: prefix.appendingPathComponent("bin"))
        #expect(found?.path == prefix.appendingPathComponent("share/edu-migrate").standardizedFileURL.path)
        #expect(AssetsLocator.releaseAssets(besideExecutableIn: prefix) == nil)
    }
}
