import Foundation
import LegacySeed
import MigrationCore
import Postgres
import PostgresSandbox
import TestSupport

/// The 13 legacy tables (DESIGN.md) and the target table each one lands in.
let legacyTables: [(legacy: String, target: String)] = [
    ("dictionaries", "dictionaries"), ("organizations", "organizations"), ("persons", "persons"),
    ("accounts", "accounts"), ("users", "users"), ("students", "students"), ("teachers", "teachers"),
    ("education_group", "education_groups"), ("education_plan_subject", "subjects"), ("course", "courses"),
    ("course_teacher", "course_teachers"), ("course_student", "course_students"),
    ("education_group_student", "education_group_students"),
]

/// The seeded legacy databases, shared by every test of the process.
struct Legacy: Sendable {
    let sandbox: Sandbox
    /// The dirty legacy database the main run migrates.
    let name: String
    /// A copy without `course_teacher` (phase 1 must refuse it).
    let missingTable: String
    /// A copy for the crash/re-run scenario (its own source, so runs never see each other).
    let rerun: String
    /// A copy whose schema drifted from DESIGN.md (fixture integration/schema_drift.sql).
    let drift: String
    /// A copy with random dirt at a fixed seed (fixture integration/fuzz_dirt.sql).
    let fuzz: String
    /// A copy with the dirt of an adversarial hunt (fixture integration/hard_dirt.sql).
    let hard: String
    /// Counts and checksums of every legacy table right after seeding, before any run.
    let before: [String: String]

    /// Conninfo for one of the databases (the legacy one by default).
    func conninfo(_ db: String? = nil) -> String { sandbox.conninfo(database: db ?? name) }
}

/// Seeds once, runs the main scenario once; tests await what they need.
actor World {
    static let shared = World()
    /// Persons in the seeded legacy database (the size Assets/sql/tests/expected_issues_2000.txt describes).
    static let scale = 2000
    private var legacyTask: Task<Legacy, any Error>?
    private var mainTask: Task<RunOutcome, any Error>?

    /// The seeded legacy database and its copies (seeded on first use).
    func legacy() async throws -> Legacy {
        if let legacyTask { return try await legacyTask.value }
        let t = Task { try await Self.seed() }
        legacyTask = t
        return try await t.value
    }

    /// Phases 1-4 headless on the legacy database, run once per process.
    func main() async throws -> RunOutcome {
        if let mainTask { return try await mainTask.value }
        let t = Task { () throws -> RunOutcome in
            let legacy = try await World.shared.legacy()
            return try await Scenario.run(legacy: legacy, source: legacy.name, through: "validation", label: "it_main")
        }
        mainTask = t
        return try await t.value
    }

    private static func seed() async throws -> Legacy {
        let sandbox = try await TestCluster.shared()
        let name = TestCluster.uniqueName("it_edu")
        try await LegacySeeder(assets: TestCluster.assets).seed(
            adminConninfo: sandbox.conninfo(), database: name, scale: scale)
        let extra = try await Connection.connect(sandbox.conninfo(database: name), applicationName: "integration tests")
        try await extra.execute(try TestCluster.fixture("integration/survivor_rules.sql"))
        extra.close()
        let missing = name + "_missing"
        let rerun = name + "_rerun"
        let drift = name + "_drift"
        let fuzz = name + "_fuzz"
        let hard = name + "_hard"
        try await copy(name, to: missing, sandbox: sandbox)
        try await copy(name, to: rerun, sandbox: sandbox)
        for (db, fixture) in [
            (drift, "integration/schema_drift.sql"), (fuzz, "integration/fuzz_dirt.sql"),
            (hard, "integration/hard_dirt.sql"),
        ] {
            try await copy(name, to: db, sandbox: sandbox)
            let d = try await Connection.connect(sandbox.conninfo(database: db), applicationName: "integration tests")
            try await d.execute(try TestCluster.fixture(fixture))
            d.close()
        }
        let c = try await Connection.connect(sandbox.conninfo(database: missing), applicationName: "integration tests")
        try await c.execute("DROP TABLE course_teacher")
        c.close()
        let before = try await snapshot(sandbox.conninfo(database: name))
        return Legacy(
            sandbox: sandbox, name: name, missingTable: missing, rerun: rerun, drift: drift, fuzz: fuzz, hard: hard,
            before: before)
    }

    /// `CREATE DATABASE ... TEMPLATE`, retried while the seeder's session is still going away.
    /// `attempts` x 100 ms of waiting for the template's last session to go.
    static func copy(_ db: String, to copy: String, sandbox: Sandbox, attempts: Int = 50) async throws {
        let admin = try await Connection.connect(sandbox.conninfo(), applicationName: "integration tests")
        defer { admin.close() }
        for attempt in 1... {
            do {
                try await admin.execute("CREATE DATABASE \(copy) TEMPLATE \(db)")
                return
            } catch let e as PostgresError
                where e.sqlState == "55006" && attempt < attempts
            {
                try await Task.sleep(nanoseconds: 100_000_000)
            }
        }
    }

    /// Per legacy table: row count and md5 of all rows in order; plus the list of relations
    /// outside the system schemas (a run must not create anything there either).
    static func snapshot(_ conninfo: String) async throws -> [String: String] {
        var out: [String: String] = [:]
        for (table, _) in legacyTables {
            let r = try await DB.rows(
                conninfo,
                "SELECT count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM \(table) t"
            )
            out[table] = r.first?[0] ?? "?"
        }
        out["(relations)"] =
            try await DB.scalar(
                conninfo,
                """
                SELECT string_agg(n.nspname || '.' || c.relname || ':' || c.relkind::text, ', ' ORDER BY n.nspname, c.relname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
                """) ?? ""
        return out
    }
}
