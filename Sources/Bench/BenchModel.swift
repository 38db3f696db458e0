import Foundation

/// Where `edu-migrate bench` runs: a throwaway cluster described by a conninfo maker and the
/// PostgreSQL bin directory (pg_dump, pg_restore, psql). The command builds it from a `Sandbox`.
public struct BenchCluster: Sendable {
    /// A conninfo (no password) for a database of the cluster.
    public var conninfo: @Sendable (_ database: String) -> String
    /// Directory holding pg_dump, pg_restore and psql of the cluster's version.
    public var binDir: String
    /// The server's postmaster pid, for CPU accounting (nil: the bench prints no CPU figures).
    public var postmasterPid: @Sendable () -> pid_t?

    public init(
        binDir: String, conninfo: @escaping @Sendable (_ database: String) -> String,
        postmasterPid: @escaping @Sendable () -> pid_t? = { nil }
    ) {
        self.binDir = binDir
        self.conninfo = conninfo
        self.postmasterPid = postmasterPid
    }
}

/// What to measure and where.
public struct BenchOptions: Sendable {
    /// Persons in the seeded legacy database (other tables scale with it).
    public var scale: Int
    /// Root of the Assets directory.
    public var assets: URL
    /// Database names: the legacy one and one per method. Unique names let tests share a cluster.
    public var legacy = "edu", product = "edu_new", dumpCopy = "edu_copy", csvCopy = "edu_csv"
    /// Work directory for the product's journal and the CSV files; nil = a temp dir removed after.
    public var workDir: URL?
    /// Run the remaining methods after one fails (the failure is reported in the table).
    public var keepGoing = false

    public init(scale: Int, assets: URL) {
        self.scale = scale
        self.assets = assets
    }

    /// Names prefixed for a shared cluster: `<prefix>_edu`, `<prefix>_edu_new`, ...
    public mutating func prefixDatabases(_ prefix: String) {
        legacy = prefix + "_edu"
        product = prefix + "_edu_new"
        dumpCopy = prefix + "_edu_copy"
        csvCopy = prefix + "_edu_csv"
    }
}

/// One measured method: a row of the bench table.
public struct BenchMethod: Sendable, Codable, Equatable {
    /// Short name shown in the table.
    public var name: String
    /// Wall-clock seconds of the timed window.
    public var seconds: Double
    /// Rows the method moved (legacy rows read, restored or imported).
    public var rows: Int64
    /// Why the method failed, nil when it completed.
    public var failure: String?
    /// CPU seconds the method used, server and client processes together (nil: not measured).
    public var cpuSeconds: Double?

    public init(name: String, seconds: Double, rows: Int64, failure: String? = nil, cpuSeconds: Double? = nil) {
        self.name = name
        self.seconds = seconds
        self.rows = rows
        self.failure = failure
        self.cpuSeconds = cpuSeconds
    }

    /// Rows per second (0 when nothing was timed).
    public var rowsPerSecond: Double { seconds > 0 ? Double(rows) / seconds : 0 }
    /// Cores kept busy on average: CPU seconds ÷ wall seconds.
    public var coresBusy: Double? { cpuSeconds.flatMap { seconds > 0 ? $0 / seconds : nil } }
}

/// Seconds of one step or statement of the product run.
public struct BenchTiming: Sendable, Codable, Equatable {
    /// Step id, or `step: file:line label` for a statement.
    public var name: String
    public var seconds: Double
    /// CPU seconds of server and client during a step (nil for statements, or not measured).
    public var cpuSeconds: Double?
    public init(name: String, seconds: Double, cpuSeconds: Double? = nil) {
        self.name = name
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
    }
}

/// Memory of this process (the product runs in it; seeding and the other methods are servers
/// or child processes, so they do not count).
public struct BenchMemory: Sendable, Codable, Equatable {
    /// getrusage(RUSAGE_SELF) ru_maxrss at the end, bytes: the whole process's peak.
    public var maxRSS: Int64
    /// Highest /proc/self/statm resident size sampled during phases 2-4, bytes.
    public var phasesPeakRSS: Int64
    /// Resident size just before phases 2-4 started, bytes.
    public var phasesStartRSS: Int64
}

/// Everything one bench run measured.
public struct BenchReport: Sendable, Codable, Equatable {
    public var scale: Int
    /// Legacy rows per table after seeding.
    public var legacyRows: [BenchTiming.Count]
    /// Seeding time (server-side generator; not part of the comparison).
    public var seedSeconds: Double
    /// The three methods in order: product phases 2-4, pg_dump|pg_restore, CSV procedure.
    public var methods: [BenchMethod]
    /// Product seconds per phase (schema, migration, validation).
    public var phases: [BenchTiming]
    /// Product seconds per step, slowest first.
    public var steps: [BenchTiming]
    /// Product seconds per SQL statement or per transferred table, slowest first.
    public var statements: [BenchTiming]
    public var memory: BenchMemory
    /// Bytes of CSV files the CSV procedure wrote.
    public var csvBytes: Int64
    /// The targets judged on these numbers (filled at the end of the run).
    public var verdicts: [BenchVerdict] = []
    /// Phases 3-4 re-run on the loaded target after a change to the legacy database (the final
    /// sync of the maintenance window: staging reset, keys dropped, every load, key and check
    /// again), with its CPU seconds; nil when not run.
    public var finalSync: BenchTiming?
    /// Estimated seconds the transfer's relay spent hashing the rows it copied: the
    /// change-detection fingerprints' cost in phase 3 (the transfer's log line; no separate pass).
    public var fingerprintSeconds: Double?
    /// MB of COPY text the relay hashed.
    public var fingerprintMegabytes: Double?
    /// One compare pass as the window's freeze runs it, at the end (every legacy table COPYed out
    /// and hashed in this process, two connections), with CPU of server and client.
    public var freezeCompare: BenchTiming?
    /// 1-minute load averages (/proc/loadavg) before and after each method, and the core count:
    /// other work on the machine skews all three methods.
    public var load: String = ""

    /// Total legacy rows.
    public var legacyTotal: Int64 { legacyRows.reduce(0) { $0 + $1.rows } }
    /// A method by its position: 0 product, 1 pg_dump|pg_restore, 2 CSV.
    public func method(_ i: Int) -> BenchMethod? { methods.indices.contains(i) ? methods[i] : nil }
}

extension BenchTiming {
    /// Rows of one table.
    public struct Count: Sendable, Codable, Equatable {
        public var table: String
        public var rows: Int64
        public init(table: String, rows: Int64) {
            self.table = table
            self.rows = rows
        }
    }
}

/// Names of the methods as printed.
public enum BenchMethodName {
    public static let product = "edu-migrate phases 2-4"
    public static let dump = "pg_dump -Fc -Z0 | pg_restore"
    public static let csv = "guide CSV \\copy out/in"
}
