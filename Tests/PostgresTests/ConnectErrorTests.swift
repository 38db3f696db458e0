import Foundation
import Postgres
import PostgresSandbox
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct ConnectErrorTests {
    /// A passfile with one line for the sandbox's TCP listener, mode 0600 as libpq requires.
    private func passfile(port: Int, user: String, password: String) throws -> String {
        let path = NSTemporaryDirectory() + "/\(TestCluster.uniqueName("pgpass"))"
        _ = FileManager.default.createFile(
            atPath: path, contents: Data("127.0.0.1:\(port):*:\(user):\(password)\n".utf8),
            attributes: [.posixPermissions: 0o600])
        return path
    }

    @Test func wrongPasswordNamesServerAndPassfile() async throws {
        let sandbox = try await TestCluster.shared()
        let db = try await TestCluster.createDatabase("pw")
        let role = TestCluster.uniqueName("pwrole")
        let admin = try await Connection.connect(db.conninfo)
        defer { admin.close() }
        try await admin.execute("CREATE ROLE \(role) LOGIN PASSWORD 'right-one'")
        let wrong = try passfile(port: sandbox.port, user: role, password: "wrong-one")
        let right = try passfile(port: sandbox.port, user: role, password: "right-one")
        defer {
            try? FileManager.default.removeItem(atPath: wrong)
            try? FileManager.default.removeItem(atPath: right)
        }
        let tcp = sandbox.tcpConninfo(database: db.name, user: role)

        let error = await #expect(throws: PostgresError.self) {
            try await Connection.connect(tcp + " passfile=\(wrong)")
        }
        #expect(error?.kind == .connection)
        #expect(error?.sqlState == "28P01")
        #expect(error?.message.contains("127.0.0.1:\(sandbox.port)") == true)
        #expect(error?.message.contains(db.name) == true)
        #expect(error?.hint?.contains("PGPASSFILE") == true)
        #expect(error?.description.contains("wrong-one") == false)
        // The same conninfo with the right password connects: the password was the only problem.
        let ok = try await Connection.connect(tcp + " passfile=\(right)")
        #expect(try await ok.query("SELECT current_user AS u").rows[0]["u"] == role)
        ok.close()
    }

    @Test func refusedPortSaysIsTheServerRunning() async throws {
        let port = try freePortNothingListens()
        let error = await #expect(throws: PostgresError.self) {
            try await Connection.connect("host=127.0.0.1 port=\(port) dbname=edu user=postgres", timeout: 2)
        }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("127.0.0.1:\(port)") == true)
        #expect(error?.message.contains("\"edu\"") == true)
        #expect(error?.hint?.contains("is the server running on 127.0.0.1:\(port)") == true)
    }

    @Test func unroutableHostTimesOut() async throws {
        // TEST-NET-1 (RFC 5737) is never routed: the connect_timeout (2 s) ends the attempt.
        let error = await #expect(throws: PostgresError.self) {
            try await Connection.connect("host=192.0.2.1 port=5432 dbname=edu user=postgres", timeout: 2)
        }
        #expect(error?.kind == .connection)
        #expect(error?.message.contains("192.0.2.1:5432") == true)
        #expect(error?.hint?.contains("192.0.2.1:5432") == true)
    }

    @Test func missingDatabaseIsNamed() async throws {
        let sandbox = try await TestCluster.shared()
        let error = await #expect(throws: PostgresError.self) {
            try await Connection.connect(sandbox.conninfo(database: "no_such_db_here"))
        }
        #expect(error?.kind == .connection)
        #expect(error?.sqlState == "3D000")
        #expect(error?.message.contains("no_such_db_here") == true)
        #expect(error?.message.contains(sandbox.socketDir) == true)
    }

    /// A TCP port on 127.0.0.1 with nothing listening (bound then released by the kernel).
    private func freePortNothingListens() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0
            }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
