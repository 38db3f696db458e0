import Foundation
import Postgres
import PostgresSandbox
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct SandboxTests {
    @Test func startServesAndStopDeletesEverything() async throws {
        let t0 = Date()
        let sandbox = try await Sandbox.start(name: "lifecycle")
        let started = Date().timeIntervalSince(t0)
        #expect(FileManager.default.fileExists(atPath: sandbox.dataDir + "/PG_VERSION"))
        #expect(FileManager.default.isExecutableFile(atPath: sandbox.binDir + "/pg_dump"))
        let conn = try await Connection.connect(sandbox.conninfo())
        let settings = try await conn.query(
            "SELECT current_setting('fsync') AS f, current_setting('server_encoding') AS e")
        #expect(settings.rows[0]["f"] == "off")
        #expect(settings.rows[0]["e"] == "UTF8")
        let postmaster = try String(contentsOfFile: sandbox.dataDir + "/postmaster.pid", encoding: .utf8)
            .split(separator: "\n")[0]
        conn.close()
        let t1 = Date()
        sandbox.stop()
        let stopped = Date().timeIntervalSince(t1)
        print("sandbox start \(String(format: "%.2f", started)) s, stop \(String(format: "%.2f", stopped)) s")
        #expect(!FileManager.default.fileExists(atPath: sandbox.socketDir))
        #expect(kill(pid_t(postmaster)!, 0) != 0)  // the postmaster is gone
        sandbox.stop()  // idempotent
        await #expect(throws: PostgresError.self) { try await Connection.connect(sandbox.conninfo(), timeout: 2) }
    }
}
