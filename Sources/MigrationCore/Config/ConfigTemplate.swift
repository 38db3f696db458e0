import Foundation

/// The commented configuration `edu-migrate init` writes: the source, defaults for the rest and
/// every key explained; optional sections (backup_dir, locale, application, hooks, transfer)
/// as commented examples. It never holds a password, and `ConfigLoader` loads it as written.
public enum ConfigTemplate {
    /// The file's text.
    /// - Parameters:
    ///   - source: the legacy database's conninfo (no password).
    ///   - connection: one line on the test connection (what was found, or why it failed).
    ///   - unsetVariables: PG* variables that were not set (their keys fall back to libpq's defaults).
    ///   - written: when, for the header.
    public static func render(
        source: String, connection: String, unsetVariables: [String] = [],
        written: Date = Date()
    ) -> String {
        let stamp = ISO8601DateFormatter().string(from: written)
        let connection = connection.split(whereSeparator: \.isNewline).joined(separator: "; ")
        let defaults =
            unsetVariables.isEmpty
            ? ""
            : "\n# Not set when written: \(SourceFromEnvironment.describe(unset: unsetVariables))."
        return """
            # edu-migrate configuration, written by `edu-migrate init` (edu-migrate \(ToolVersion.number)) at \(stamp).
            # Check it with:  edu-migrate check --config <this file>   (every key is checked; errors name key and line)
            # Relative paths are resolved against the directory of this file.
            #
            # Test connection: \(connection)

            # The legacy database, as a libpq conninfo string or a postgresql:// URI (written from PGHOST,
            # PGPORT, PGUSER and PGDATABASE). It is opened read-only. Never put a password here: it comes
            # from ~/.pgpass, the file PGPASSFILE names, a service file, or a prompt on the terminal.\(defaults)
            source: \(yamlQuoted(source))

            # The new database phase 2 creates; at the cutover it takes the legacy database's name.
            target_database: edu_new

            # The name the legacy database gets at the cutover (kept as the way back). Must be free.
            legacy_rename: edu_legacy

            # The migration's own files: journal.jsonl (resume and audit), logs/, artifacts/, report.md.
            # One work directory per migration; after a rollback, start again in a new one.
            work_dir: ./edu_migration

            # Where phase 1 and the cutover write pg_dump backups; needs 3x the legacy database free.
            # Default: <work_dir>/backups.
            # backup_dir: /var/backups/edu_migration

            # Locale (LC_COLLATE, LC_CTYPE) of the new database: a UTF-8 locale the server has (locale -a
            # on its host). Default: the cluster's own.
            # locale: C.UTF-8

            # The application, checked over HTTP in phases 5 and 6 and by the health watch. Each endpoint
            # has a name, an http(s) url and optionally `expect: json` (the body must be a non-empty JSON
            # list or object) or `expect: any`.
            # application:
            #   endpoints:
            #     - { name: teachers, url: "http://localhost:8000/teachers", expect: json }
            #     - { name: health,   url: "http://localhost:8000/health" }
            #   frontend: "http://localhost:3000"

            # Shell commands (/bin/sh -c) run at the cutover and in the rollback, each optional; the
            # wizard shows them before they run.
            # hooks:
            #   maintenance_on:    "touch /var/www/education-system/maintenance.flag"
            #   maintenance_off:   "rm -f /var/www/education-system/maintenance.flag"
            #   stop_services:     "systemctl stop education-backend education-frontend"
            #   start_services:    "systemctl start education-backend education-frontend"
            #   switch_app_config: "sed -i 's/database=edu_new/database=edu/' /srv/app/core/database.py"
            #   revert_app_config: "sed -i 's/database=edu/database=edu_new/' /srv/app/core/database.py"
            #   timeout: 10m       # how long one hook may run before it is stopped (default 10m)

            # The health watch after the cutover: how often it checks, and for how long (s, m, h, d).
            monitor: { interval: 1h, duration: 24h }

            # Phase 3's copy of the legacy tables.
            # transfer:
            #   max_rows_per_second: 200000   # cap the pace to spare a busy server (default: full speed)
            #   source_encoding: WIN1251      # a SQL_ASCII legacy database's real text encoding

            """
    }

    /// A YAML double-quoted scalar.
    static func yamlQuoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
