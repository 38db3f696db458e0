import Foundation
import MigrationCore
import ProcessSpawning

/// The two reference methods the product is compared with. Both are timed from the creation of
/// their empty database to the last row loaded.
struct BenchCopies {
    let options: BenchOptions
    let cluster: BenchCluster
    let admin: BenchAdmin
    let tables: [LegacyManifest.Table]

    private func tool(_ name: String) -> String { cluster.binDir + "/" + name }

    /// Method 2: `pg_dump -Fc -Z0 legacy | pg_restore -d copy`, untransformed, as one real shell
    /// pipeline. pg_dump's own exit status is written to a file (sh has no pipefail).
    func dumpRestore(workDir: URL) async throws -> BenchMethod {
        try await admin.drop(options.dumpCopy)
        let statusFile = workDir.appendingPathComponent("pg_dump.status").path
        let q = BenchTool.quote
        let pipeline =
            "{ \(q(tool("pg_dump"))) -Fc -Z0 -d \(q(cluster.conninfo(options.legacy))); echo $? > \(q(statusFile)); }"
            + " | \(q(tool("pg_restore"))) -d \(q(cluster.conninfo(options.dumpCopy)))"
        let started = Date()
        try await admin.create(options.dumpCopy)
        let (result, _, stderr) = try await BenchTool.run("/bin/sh", ["-c", pipeline])
        let seconds = Date().timeIntervalSince(started)
        let dumpStatus = (try? String(contentsOfFile: statusFile, encoding: .utf8))?.trimmingCharacters(
            in: .whitespacesAndNewlines)
        var failure: String?
        if dumpStatus != "0" {
            failure =
                "pg_dump failed (exit status \(dumpStatus ?? "unknown")): " + stderr.suffix(3).joined(separator: " / ")
        } else if !result.succeeded {
            failure = BenchTool.failure("pg_restore", result, stderr)
        }
        let rows = try await admin.counts(options.dumpCopy, tables: tables.map(\.name)).reduce(Int64(0)) {
            $0 + $1.rows
        }
        return BenchMethod(name: BenchMethodName.dump, seconds: seconds, rows: rows, failure: failure)
    }

    /// Method 3: the guide's CSV procedure without its transforms (they crash on this dirty
    /// data): an empty copy of the legacy schema in another database, then for every legacy
    /// table `psql -c "\copy (SELECT ...) TO file CSV HEADER"`, then `\copy ... FROM file CSV HEADER`.
    /// - Returns: the method and the bytes of CSV written (files are deleted afterwards).
    func csv(workDir: URL) async throws -> (BenchMethod, Int64) {
        try await admin.drop(options.csvCopy)
        let dir = workDir.appendingPathComponent("exports")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let psql = tool("psql")
        let base = ["-X", "-v", "ON_ERROR_STOP=1", "-d"]
        let started = Date()
        try await admin.create(options.csvCopy)
        let schema = options.assets.appendingPathComponent("sql/legacy/schema.sql").path
        var failure = try await step("schema", psql, base + [cluster.conninfo(options.csvCopy), "-q", "-f", schema])
        for t in tables where failure == nil {
            let sql = try BenchSQL.metaCommand(
                "csv_export.sql", assets: options.assets, table: t.name, columns: t.columns, file: file(dir, t))
            failure = try await step("export \(t.name)", psql, base + [cluster.conninfo(options.legacy), "-c", sql])
        }
        var rows: Int64 = 0
        for t in tables where failure == nil {
            let sql = try BenchSQL.metaCommand(
                "csv_import.sql", assets: options.assets, table: t.name, columns: t.columns, file: file(dir, t))
            let (result, stdout, stderr) = try await BenchTool.run(
                psql, base + [cluster.conninfo(options.csvCopy), "-c", sql])
            if !result.succeeded {
                failure = BenchTool.failure("psql import \(t.name)", result, stderr)
                break
            }
            rows += stdout.compactMap { $0.hasPrefix("COPY ") ? Int64($0.dropFirst(5)) : nil }.reduce(0, +)
        }
        let seconds = Date().timeIntervalSince(started)
        let bytes = tables.reduce(Int64(0)) { sum, t in
            sum + ((try? FileManager.default.attributesOfItem(atPath: file(dir, t))[.size] as? Int64) ?? 0)
        }
        return (BenchMethod(name: BenchMethodName.csv, seconds: seconds, rows: rows, failure: failure), bytes)
    }

    /// Runs one psql command; the failure line, or nil when it succeeded.
    private func step(_ what: String, _ psql: String, _ args: [String]) async throws -> String? {
        let (result, _, stderr) = try await BenchTool.run(psql, args)
        return result.succeeded ? nil : BenchTool.failure("psql \(what)", result, stderr)
    }

    private func file(_ dir: URL, _ t: LegacyManifest.Table) -> String {
        dir.appendingPathComponent(t.name + ".csv").path
    }
}
