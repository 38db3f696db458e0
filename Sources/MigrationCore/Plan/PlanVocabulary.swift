import Foundation

/// The plan's step vocabulary as data: every step kind, the params it takes and their values.
/// The validator checks plans against it (an unknown param is an error) and
/// `edu-migrate plan --reference` prints it (`Assets/plan/README.md` is that output, compared by
/// a test), so the reference cannot drift from what the core accepts.
public enum PlanVocabulary {
    /// One param of a step kind.
    public struct Param: Sendable {
        public var name: String
        public var required: Bool
        /// The values it may take, when it is one of a few.
        public var values: [String]?
        public var doc: String

        init(_ name: String, required: Bool = false, values: [String]? = nil, _ doc: String) {
            self.name = name
            self.required = required
            self.values = values
            self.doc = doc
        }
    }

    /// One step kind with its params.
    public struct Kind: Sendable {
        public var kind: StepKind
        public var doc: String
        public var params: [Param]
    }

    public static let checkBuiltins = [
        "active-connections", "client-tools", "create-db-privilege", "disk-space",
        "extensions", "legacy-columns", "server-version",
    ]
    public static let databases = ["admin", "source", "target"]
    public static let hooks = [
        "maintenance_off", "maintenance_on", "revert_app_config", "start_services",
        "stop_services", "switch_app_config",
    ]

    /// Params every step may carry.
    public static let common: [Param] = [
        Param(
            "confirm",
            "destructive steps: the name the operator must type (default: the database the step renames or drops)")
    ]

    public static let kinds: [Kind] = [
        Kind(
            kind: .check, doc: "An automatic precondition: a builtin check or a SQL file whose rows are the findings.",
            params: [
                Param("builtin", values: checkBuiltins, "the builtin to run (give `builtin` or `file`)"),
                Param("file", "SQL file under Assets (give `builtin` or `file`)"),
                Param("database", values: databases, "where `file` runs (default source)"),
                Param("min", "server-version: the lowest server_version_num accepted"),
                Param("names", "extensions: the extensions needed; client-tools: the programs needed"),
                Param("schema", "legacy-columns: the legacy schema (default public)"),
            ]),
        Kind(kind: .signoff, doc: "A manual item the operator signs by name (headless: --sign-off-as).", params: []),
        Kind(
            kind: .sql, doc: "SQL files run in one transaction each; statement labels go to the live panel.",
            params: [
                Param("file", "one SQL file (give `file` or `waves`)"),
                Param("waves", "a list of lists of SQL files: the files of one wave run side by side, waves in turn"),
                Param("database", values: databases, "where the files run (default target)"),
                Param("transaction", values: ["true", "false"], "false runs statement by statement (CREATE DATABASE)"),
                Param("exists-ok", values: ["true", "false"], "an 'already exists' error passes (re-runs)"),
            ]),
        Kind(
            kind: .transfer,
            doc: "COPY of the legacy tables into migration_stage, all in one snapshot, with their fingerprints.",
            params: [
                Param("tables", "a list of legacy table names (default: the whole manifest)")
            ]),
        Kind(
            kind: .backup,
            doc: "pg_dump of the legacy database into backup_dir, hashed, written as .partial until complete.",
            params: [
                Param("format", required: true, values: ["custom", "data", "schema"], "what pg_dump writes")
            ]),
        Kind(
            kind: .verifyBackup, doc: "pg_restore --list and the SHA-256 of a backup.",
            params: [
                Param("of", required: true, "the id of the backup step")
            ]),
        Kind(
            kind: .testRestore, doc: "Restores a backup into a scratch database and compares it, then drops it.",
            params: [
                Param("of", required: true, "the id of the backup step")
            ]),
        Kind(
            kind: .validate, doc: "Queries with expected results (read-only, rolled back).",
            params: [
                Param("file", required: true, "SQL file under Assets"),
                Param("database", values: databases, "where it runs (default target)"),
                Param(
                    "expect", required: true, values: ["all-pass", "report", "zero-counts"], "how the rows are judged"),
                Param("expected", "a SQL file with the expected rows"),
                Param("save", "an artifact name the result tables are saved under"),
                Param("baseline", "an artifact the rows are compared with (performance)"),
            ]),
        Kind(
            kind: .http, doc: "Application endpoint checks (status, latency, body).",
            params: [
                Param("endpoints", "`all` or a list of endpoint names from the configuration"),
                Param("frontend", values: ["true", "false"], "also GET application.frontend"),
                Param("label", values: ["after", "before"], "groups the before/after comparison"),
                Param("timeout", "seconds per request (default 5)"),
            ]),
        Kind(
            kind: .command, doc: "An operator hook from the configuration (a shell command), with a timeout.",
            params: [
                Param("hook", required: true, values: hooks, "which hook"),
                Param("timeout", "seconds (default hooks.timeout)"),
            ]),
        Kind(
            kind: .cutover, doc: "The renames edu → legacy_rename, target → edu, guarded by the window's fingerprints.",
            params: [
                Param("preview", values: ["true", "false"], "only show the sessions and the renames to come")
            ]),
        Kind(
            kind: .monitor, doc: "The health watch: database, API and frontend every interval for a duration.",
            params: [
                Param("interval", "seconds between rounds (default monitor.interval)"),
                Param("duration", "seconds in all (default monitor.duration)"),
                Param("targets", "a list of database, api, frontend"),
                Param("max_consecutive_failures", "failures in a row of a target that fail the step (default 2)"),
            ]),
        Kind(
            kind: .rollback,
            doc:
                "The way back: drop the new database before the cutover, reverse the renames after it, or restore a backup.",
            params: [
                Param("path", values: ["auto", "drop-new", "fast", "slow"], "which way (default auto)"),
                Param("preview", values: ["true", "false"], "only name what the application wrote since the cutover"),
                Param("backups", "slow path: the backup step ids to choose from, newest verified first"),
            ]),
        Kind(
            kind: .freeze,
            doc: "The window: freeze the legacy database and compare it with phase 3's copy by fingerprints.",
            params: []),
        Kind(
            kind: .sync,
            doc: "The final sync, run by the runner: re-runs the listed stages when the freeze found changes.",
            params: [
                Param("stages", required: true, "the stage ids to run again (phases 3 and 4)")
            ]),
    ]

    /// The spec of a kind.
    public static func spec(_ kind: StepKind) -> Kind? { kinds.first { $0.kind == kind } }

    /// The reference as Markdown (what `edu-migrate plan --reference` prints).
    public static func reference() -> String {
        var s = "# Plan reference\n\n"
        s += "Generated by `edu-migrate plan --reference` from the vocabulary the plan validator checks\n"
        s += "(`Sources/MigrationCore/Plan/PlanVocabulary.swift`); a test compares this file with it.\n\n"
        s += "A plan file holds `stages:`; a stage has `id`, `title`, `kind` (checklist, phase, procedure),\n"
        s +=
            "`gate` (stage ids), `steps`, optional `role` ("
            + StageRole.all.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        s +=
            "); a step has\n`id`, `title`, `kind`, optional `section`, `help`, `required` (default true), `destructive`,\n"
        s += "`reads` and `writes` (what it reads and writes: the runner starts a step of a phase as soon as\n"
        s += "the steps writing what it reads are done), optional `criterion` ("
        s += StepCriterion.all.map { "`\($0.rawValue)`" }.joined(separator: ", ")
        s += ":\nthe success criterion its results are evidence for; in a stage with role `analysis` they are\n"
        s += "the legacy side), and `params`. An unknown param is an error.\n\n"
        s += "Params every step may carry:\n\n" + table(common) + "\n"
        for k in kinds {
            s += "## `\(k.kind.rawValue)`\n\n\(k.doc)\n\n"
            s += k.params.isEmpty ? "No params.\n\n" : table(k.params) + "\n"
        }
        return s
    }

    private static func table(_ params: [Param]) -> String {
        var s = "| param | required | values | meaning |\n|---|---|---|---|\n"
        for p in params {
            s +=
                "| `\(p.name)` | \(p.required ? "yes" : "no") | \(p.values.map { $0.map { "`\($0)`" }.joined(separator: ", ") } ?? "") | \(p.doc) |\n"
        }
        return s
    }
}
