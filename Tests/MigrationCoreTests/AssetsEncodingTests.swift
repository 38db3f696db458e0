import Foundation
import Testing
import TestSupport
@testable import MigrationCore

/// SQL sent to the legacy database or the maintenance database is ASCII only. The server converts
/// the whole query text, comments included, into the database's encoding: on a LATIN1 legacy
/// database a single em dash in a comment failed phase 1's analysis (22P05). The target is
/// always UTF8, so its files may say what they like.
@Suite struct AssetsEncodingTests {
    /// Files read by the source or admin connections: whole directories, plus every plan step
    /// that runs a file there.
    static func sourceAndAdminFiles() throws -> [String] {
        let sql = TestCluster.assets.appendingPathComponent("sql")
        var files: Set<String> = []
        for dir in ["analysis", "checks", "core", "cutover", "bench"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: sql.appendingPathComponent(dir).path)
            files.formUnion(names.filter { $0.hasSuffix(".sql") }.map { "sql/\(dir)/\($0)" })
        }
        let plan = try PlanLoader.load(assets: TestCluster.assets)
        for step in plan.stages.flatMap(\.steps) where ["source", "admin"].contains(step.param("database") ?? "") {
            if let f = step.param("file") { files.insert(f) }
        }
        return files.sorted()
    }

    @Test func sqlForTheLegacyAndMaintenanceDatabasesIsAscii() throws {
        let files = try Self.sourceAndAdminFiles()
        #expect(files.contains("sql/analysis/20_critical_issues.sql") && files.contains("sql/core/create_database.sql"))
        for f in files {
            let data = try Data(contentsOf: TestCluster.assets.appendingPathComponent(f))
            let line = data.split(separator: 10, omittingEmptySubsequences: false).firstIndex {
                $0.contains { $0 > 0x7F }
            }
            #expect(line == nil, "\(f):\((line ?? 0) + 1) has a non-ASCII character")
        }
    }
}
