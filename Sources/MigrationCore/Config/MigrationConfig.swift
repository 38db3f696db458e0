import Foundation

// CONTRACT (skeleton): loading and validation are filled in by the core work.

/// The operator's configuration (DESIGN.md "Command line and configuration"). Keys are the contract.
public struct MigrationConfig: Sendable, Equatable, Codable {
    /// An application endpoint checked over HTTP.
    public struct Endpoint: Sendable, Equatable, Codable {
        public var name: String
        public var url: String
        /// `json` when the body must be JSON (a non-empty list or object).
        public var expect: String?
        public init(name: String, url: String, expect: String? = nil) {
            self.name = name
            self.url = url
            self.expect = expect
        }
    }
    /// Operator shell hooks, each optional.
    public struct Hooks: Sendable, Equatable, Codable {
        public var maintenanceOn: String?
        public var maintenanceOff: String?
        public var stopServices: String?
        public var startServices: String?
        public var switchAppConfig: String?
        public var revertAppConfig: String?
        /// `hooks.timeout`: seconds a hook may run before it is stopped (nil = 600).
        public var timeout: Double?
        public init() {}
    }
    /// libpq conninfo or URI of the legacy database; never a password.
    public var source: String
    public var targetDatabase: String = "edu_new"
    public var legacyRename: String = "edu_legacy"
    public var workDir: String = "./edu_migration"
    public var backupDir: String = "./edu_migration/backups"
    /// Locale for CREATE DATABASE (LC_COLLATE/LC_CTYPE); nil = a sane default that exists here.
    public var locale: String?
    public var endpoints: [Endpoint] = []
    public var frontend: String?
    public var hooks = Hooks()
    /// Health watch interval and duration, in seconds.
    public var monitorInterval: Double = 3600
    public var monitorDuration: Double = 86400
    /// `transfer.max_rows_per_second`: caps the copy's pace (nil = as fast as the servers go).
    public var transferMaxRowsPerSecond: Double?
    /// `transfer.source_encoding`: the encoding the legacy text was written in, when the legacy
    /// database cannot say (SQL_ASCII holding e.g. WIN1251 bytes); nil = trust the server.
    public var transferSourceEncoding: String?
    /// `transfer.parallel`: connections phases 3-4 use side by side (tables copied at once, steps
    /// of a graph stage run at once); nil = the machine's cores, at least 2.
    public var parallelSteps: Int?

    public init(source: String) { self.source = source }
}
