import Foundation
import Postgres
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The builtin preconditions of phase 1; their SQL lives in `Assets/sql/core/`.
enum CheckBuiltins {
    struct Line: Sendable {
        var name: String
        var status: CheckStatus
        var evidence: String
        var fix: String? = nil
    }

    static func query(
        _ name: String, _ params: [String?] = [], role: DatabaseRole = .source,
        context: StepContext
    ) async throws -> QueryResult {
        let sql = try context.assetText("sql/core/\(name).sql")
        let conn = try await context.connect(role)
        do { return try await conn.query(sql, params) } catch var e as PostgresError {
            e.statement = "sql/core/\(name).sql"
            throw e
        }
    }

    static func run(_ builtin: String, step: Step, context: StepContext) async throws -> [Line] {
        switch builtin {
        case "server-version": return try await serverVersion(step, context)
        case "disk-space": return try await diskSpace(context)
        case "create-db-privilege": return try await createDB(context)
        case "extensions": return try await extensions(step, context)
        case "legacy-columns": return try await LegacyColumnsCheck.run(step: step, context: context)
        case "active-connections": return try await activeConnections(context)
        case "client-tools": return try await clientTools(step, context)
        default: throw StepFailure(code: "plan", message: "unknown builtin check '\(builtin)'", location: step.id)
        }
    }

    static func serverVersion(_ step: Step, _ context: StepContext) async throws -> [Line] {
        let min = Int(step.param("min") ?? "150000") ?? 150000
        let r = try await query("server_version", context: context)
        let num = Int(r.rows.first?["version_num"] ?? "") ?? 0
        let text = r.rows.first?["version"] ?? "?"
        let ok = num >= min
        return [
            Line(
                name: "server version", status: ok ? .pass : .fail,
                evidence: "PostgreSQL \(text) (\(num)); required >= \(min)",
                fix: ok ? nil : "upgrade the server to PostgreSQL \(min / 10000) or later")
        ]
    }

    static func diskSpace(_ context: StepContext) async throws -> [Line] {
        let r = try await query("database_size", context: context)
        let size = Int64(r.rows.first?["bytes"] ?? "") ?? 0
        var dir = URL(fileURLWithPath: context.config.backupDir)
        while !FileManager.default.fileExists(atPath: dir.path) && dir.path != "/" { dir.deleteLastPathComponent() }
        var st = statvfs()
        guard statvfs(dir.path, &st) == 0 else {
            return [
                Line(name: "disk space", status: .fail, evidence: "cannot stat \(dir.path)", fix: "check backup_dir")
            ]
        }
        let free = Int64(st.f_bavail) * Int64(st.f_frsize)
        let need = size * 3
        let fmt = { (b: Int64) in ByteCountFormatter.string(fromByteCount: b, countStyle: .binary) }
        return [
            Line(
                name: "disk space", status: free >= need ? .pass : .fail,
                evidence:
                    "\(fmt(free)) free at \(dir.path); database \(r.rows.first?["database"] ?? "?") is \(fmt(size)), need 3x = \(fmt(need))",
                fix: "free space or point backup_dir at a larger filesystem")
        ]
    }

    static func createDB(_ context: StepContext) async throws -> [Line] {
        let r = try await query("create_db_privilege", context: context)
        let row = r.rows.first
        let createdb = row?["rolcreatedb"] == "t"
        let superuser = row?["rolsuper"] == "t"
        let privilege = Line(
            name: "CREATE DATABASE privilege", status: createdb || superuser ? .pass : .fail,
            evidence: "role \(row?["rolname"] ?? "?"): createdb=\(createdb), superuser=\(superuser)",
            fix: "ALTER ROLE ... CREATEDB, or connect as a superuser")
        // Found here, not at the cutover after the application went down.
        let name = context.config.legacyRename
        let taken = try await query("database_exists", [name], context: context).rows.first?.bool("present") == true
        let free = Line(
            name: "database name \(name) is free (legacy_rename)", status: taken ? .fail : .pass,
            evidence: taken ? "a database named \(name) already exists" : "no database named \(name)",
            fix: "the cutover renames the live database to \(name): drop or rename the leftover \(name) "
                + "(an earlier migration's?) after checking it, or set legacy_rename to a free name")
        // Phase 2 creates the target; a database already there under that name is someone
        // else's unless it carries this migration's marker (phase 2 already ran).
        let target = context.config.targetDatabase
        let state = try await TargetDatabaseMarker.state(target, role: .source, context: context)
        let targetFree = Line(
            name: "database name \(target) is free (target_database)",
            status: state == .absent || state == .ours ? .pass : .fail,
            evidence: state.describe(target), fix: TargetDatabaseMarker.fix(target))
        // The cutover renames the legacy database: only its owner or a superuser may.
        let o = try await query("legacy_owner", context: context).rows.first
        let owns = o?["owns"] == "t" || o?["superuser"] == "t"
        let db = o?["database"] ?? "?"
        let role = o?["role"] ?? "?"
        let owner = Line(
            name: "role may rename the legacy database (cutover)", status: owns ? .pass : .fail,
            evidence: "database \(db) is owned by \(o?["owner"] ?? "?"); role \(role) "
                + (owns
                    ? "owns it or is a superuser" : "is neither its owner (nor a member of that role) nor a superuser"),
            fix: "ALTER DATABASE \(db) OWNER TO \(role) (the cutover renames it), or connect as a superuser")
        return [privilege, free, targetFree, owner, try await targetLocale(context)]
    }

    /// The locale phase 2 will create the target with: a UTF-8 one (the target is UTF8) that the
    /// server's operating system has. Found here rather than by phase 2's CREATE DATABASE.
    static func targetLocale(_ context: StepContext) async throws -> Line {
        let admin = try await context.connect(.admin)
        let configured = context.config.locale
        let locale: String
        if let configured {
            locale = configured
        } else {
            locale = try await SqlVariables.defaultLocale(admin, context: context)
        }
        let name =
            "locale of the new database: \(locale)" + (configured == nil ? " (the cluster's, no `locale:` set)" : "")
        let fix = "set `locale:` to a UTF-8 locale the server has (locale -a on its host), e.g. C.UTF-8 or en_US.UTF-8"
        let utf8 =
            ["C", "POSIX"].contains(locale)
            || locale.range(of: #"\.utf-?8$"#, options: [.regularExpression, .caseInsensitive]) != nil
        guard utf8 else {
            return Line(
                name: name, status: .fail, evidence: "\(locale) is not a UTF-8 locale; the new database is UTF8",
                fix: fix)
        }
        let sql = SqlVariables.substitute(try context.assetText("sql/core/locale_available.sql"), ["locale": locale])
        _ = try await admin.execute("BEGIN")
        do {
            _ = try await admin.execute(sql)
            _ = try await admin.execute("ROLLBACK")
            return Line(name: name, status: .pass, evidence: "the server has locale \(locale)")
        } catch let e as PostgresError where e.kind == .server {
            _ = try? await admin.execute("ROLLBACK")
            if e.sqlState == "42501" {
                return Line(
                    name: name, status: .warn,
                    evidence: "could not check (no TEMP privilege on the maintenance database): \(e.message)",
                    fix: "phase 2's CREATE DATABASE will tell; or GRANT TEMP ON DATABASE postgres TO the migration role"
                )
            }
            return Line(name: name, status: .fail, evidence: e.message + (e.detail.map { " - \($0)" } ?? ""), fix: fix)
        }
    }

    static func extensions(_ step: Step, _ context: StepContext) async throws -> [Line] {
        var names = ["uuid-ossp", "pg_trgm", "unaccent"]
        if case .list(let l)? = step.params["names"] { names = l.compactMap(\.text) }
        let r = try await query(
            "extensions", ["{" + names.map { "\"\($0)\"" }.joined(separator: ",") + "}"], context: context)
        return names.map { n in
            if let row = r.rows.first(where: { $0["name"] == n }) {
                let inst = row["installed_version"] ?? ""
                return Line(
                    name: "extension \(n)", status: .pass,
                    evidence: "available \(row["default_version"] ?? "?")" + (inst.isEmpty ? "" : ", installed \(inst)")
                )
            }
            return Line(
                name: "extension \(n)", status: .fail, evidence: "not available on this server",
                fix: "install the server's contrib package (e.g. postgresql-contrib)")
        }
    }

    static func activeConnections(_ context: StepContext) async throws -> [Line] {
        let r = try await query("active_connections", context: context)
        if r.rows.isEmpty {
            return [
                Line(name: "active connections", status: .pass, evidence: "no other sessions on the legacy database")
            ]
        }
        return r.rows.map { row in
            Line(
                name: "session pid \(row["pid"] ?? "?")", status: .warn,
                evidence:
                    "\(row["usename"] ?? "") \(row["application_name"] ?? "") from \(row["client"] ?? "") \(row["state"] ?? "") since \(row["since"] ?? "")",
                fix: "stop the application services before the migration window")
        }
    }
}
