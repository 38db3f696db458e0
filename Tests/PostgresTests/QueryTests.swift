import Foundation
import Postgres
import Testing
import TestSupport

@Suite(.requiresPostgres, .tags(.postgres)) struct QueryTests {
    @Test func connectsAndReportsServerVersion() async throws {
        let db = try await TestCluster.createDatabase("connect")
        let conn = try await Connection.connect(db.conninfo, applicationName: "edu-migrate tests")
        defer { conn.close() }
        #expect(conn.serverVersion >= 150000)
        let app = try await conn.query("SELECT current_setting('application_name') AS app, current_database() AS db")
        #expect(app.rows[0]["app"] == "edu-migrate tests")
        #expect(app.rows[0]["db"] == db.name)
    }

    @Test func decodesTypesAndNull() async throws {
        let db = try await TestCluster.createDatabase("types")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        let az = "ƏəĞğİıÖöŞşÇçÜü"
        let r = try await conn.query(
            """
            SELECT 42::int AS i, 9007199254740993::bigint AS b, $1::text AS t, '2024-02-29'::date AS d,
                   '2024-02-29 13:45:06.5'::timestamp AS ts, true AS yes, false AS no, NULL::text AS nothing,
                   $2::text AS null_param, length($1) AS chars, upper('ə') AS upper_schwa
            """, [az, nil])
        let row = r.rows[0]
        #expect(row.int("i") == 42)
        #expect(row.int64("b") == 9_007_199_254_740_993)
        #expect(row["t"] == az)
        #expect(row.int("chars") == 14)
        #expect(row["upper_schwa"] == "Ə")
        #expect(row["d"] == "2024-02-29")
        #expect(row.date("d") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(row.date("ts") == Date(timeIntervalSince1970: 1_709_164_800 + 13 * 3600 + 45 * 60 + 6.5))
        #expect(row.bool("yes") == true && row.bool("no") == false)
        #expect(row["nothing"] == nil && row["null_param"] == nil)
        #expect(r.columns.count == 11)
    }

    @Test func scriptReturnsEveryResultAndNotices() async throws {
        let db = try await TestCluster.createDatabase("script")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        let notices = Box<[String]>([])
        conn.onNotice { msg in notices.mutate { $0.append(msg) } }
        let results = try await conn.execute(
            """
            SELECT 1 AS one; SELECT g FROM generate_series(1, 3) g;
            DO $$ BEGIN RAISE NOTICE 'hello from plpgsql'; END $$;
            """)
        #expect(results.count == 3)
        #expect(results[1].rows.map { $0.int("g") } == [1, 2, 3])
        #expect(notices.value.contains { $0.contains("hello from plpgsql") })
    }

    @Test func undefinedTableCarriesSQLState() async throws {
        let db = try await TestCluster.createDatabase("err42p01")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        let error = await #expect(throws: PostgresError.self) { try await conn.query("SELECT * FROM no_such_table") }
        #expect(error?.kind == .server)
        #expect(error?.sqlState == "42P01")
        #expect(error?.message.contains("no_such_table") == true)
        // The connection stays usable after an error.
        #expect(try await conn.query("SELECT 1 AS x").rows[0].int("x") == 1)
    }

    @Test func uniqueViolationCarriesDetailAndContext() async throws {
        let db = try await TestCluster.createDatabase("err23505")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        try await conn.execute(try TestCluster.fixture("postgres/types.sql"))
        let violate = try TestCluster.fixture("postgres/violate.sql")
        let error = await #expect(throws: PostgresError.self) { try await conn.execute(violate) }
        #expect(error?.sqlState == "23505")
        #expect(error?.detail?.contains("Key (id)=(1) already exists") == true)
        #expect(error?.context?.contains("PL/pgSQL") == true)
        #expect(error?.description.contains("SQLSTATE 23505") == true)
    }

    @Test func copyThroughQueryFailsWithoutBreakingTheConnection() async throws {
        let db = try await TestCluster.createDatabase("copyquery")
        let conn = try await Connection.connect(db.conninfo)
        defer { conn.close() }
        try await conn.execute(try TestCluster.fixture("postgres/copy.sql"))
        for sql in ["COPY big FROM STDIN", "COPY (SELECT 1) TO STDOUT"] {
            let viaQuery = await #expect(throws: PostgresError.self) { try await conn.query(sql) }
            #expect(viaQuery?.hint?.contains("Connection.copy") == true)
            await #expect(throws: PostgresError.self) { try await conn.execute(sql) }
            #expect(try await conn.query("SELECT 5 AS x").rows[0].int("x") == 5)
        }
    }

    @Test func conninfoParsingWorksForStringsAndURIs() throws {
        let uri = "postgresql://alice:secret@db.example.org:6543/edu?sslmode=prefer"
        #expect(ConnInfo.value("host", in: uri) == "db.example.org")
        #expect(ConnInfo.value("port", in: uri) == "6543")
        #expect(ConnInfo.value("dbname", in: uri) == "edu")
        #expect(!ConnInfo.redacted(uri).contains("secret"))
        let moved = try ConnInfo.replacingDatabase(uri, with: "postgres")
        #expect(ConnInfo.value("dbname", in: moved) == "postgres")
        #expect(ConnInfo.value("user", in: moved) == "alice")
        #expect(!moved.contains("secret"))
        let kv = try ConnInfo.replacingDatabase("host=/tmp port=5 dbname='my db'", with: "other db")
        #expect(ConnInfo.value("dbname", in: kv) == "other db")
        #expect(throws: PostgresError.self) { try ConnInfo.replacingDatabase("host='unterminated", with: "x") }
    }
}

/// A value shared with @Sendable callbacks.
final class Box<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    init(_ value: T) { stored = value }
    var value: T { lock.withLock { stored } }
    func mutate(_ f: (inout T) -> Void) { lock.withLock { f(&stored) } }
}
