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

    static func query(_ name: String, _ params: [String?] = [], role: DatabaseRole = .source,
                      context: StepContext) async throws -> QueryResult {
        let sql = try context.assetText("sql/core/\(name).sql")
        let conn = try await context.connect(role)
        do { return try await conn.query(sql, params) } catch var e as PostgresError {
            e.statement = "sql/core/\(name).sql"; throw e
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
        default: throw StepFailure(code: "plan", message: "unknown builtin check '\(builtin)'", location: step.id)
        }
    }

    static func serverVersion(_ step: Step, _ context: StepContext) async throws -> [Line] {
        let min = Int(step.param("min") ?? "150000") ?? 150000
        let r = try await query("server_version", context: context)
        let num = Int(r.rows.first?["version_num"] ?? "") ?? 0, text = r.rows.first?["version"] ?? "?"
        let ok = num >= min
        return [Line(name: "server version", status: ok ? .pass : .fail,
                     evidence: "PostgreSQL \(text) (\(num)); required >= \(min)",
                     fix: ok ? nil : "upgrade the server to PostgreSQL \(min / 10000) or later")]
    }

    static func diskSpace(_ context: StepContext) async throws -> [Line] {
        let r = try await query("database_size", context: context)
        let size = Int64(r.rows.first?["bytes"] ?? "") ?? 0
        var dir = URL(fileURLWithPath: context.config.backupDir)
        while !FileManager.default.fileExists(atPath: dir.path) && dir.path != "/" { dir.deleteLastPathComponent() }
        var st = statvfs()
        guard statvfs(dir.path, &st) == 0 else {
            return [Line(name: "disk space", status: .fail, evidence: "cannot stat \(dir.path)", fix: "check backup_dir")]
        }
        let free = Int64(st.f_bavail) * Int64(st.f_frsize), need = size * 3
        let fmt = { (b: Int64) in ByteCountFormatter.string(fromByteCount: b, countStyle: .binary) }
        return [Line(name: "disk space", status: free >= need ? .pass : .fail,
                     evidence: "\(fmt(free)) free at \(dir.path); database \(r.rows.first?["database"] ?? "?") is \(fmt(size)), need 3x = \(fmt(need))",
                     fix: "free space or point backup_dir at a larger filesystem")]
    }

    static func createDB(_ context: StepContext) async throws -> [Line] {
        let r = try await query("create_db_privilege", context: context)
        let row = r.rows.first
        let createdb = row?["rolcreatedb"] == "t", superuser = row?["rolsuper"] == "t"
        let privilege = Line(name: "CREATE DATABASE privilege", status: createdb || superuser ? .pass : .fail,
                             evidence: "role \(row?["rolname"] ?? "?"): createdb=\(createdb), superuser=\(superuser)",
                             fix: "ALTER ROLE ... CREATEDB, or connect as a superuser")
        // Found here, not at the cutover after the application went down.
        let name = context.config.legacyRename
        let taken = try await query("database_exists", [name], context: context).rows.first?.bool("present") == true
        let free = Line(name: "database name \(name) is free (legacy_rename)", status: taken ? .fail : .pass,
                        evidence: taken ? "a database named \(name) already exists" : "no database named \(name)",
                        fix: "the cutover renames the live database to \(name): drop or rename the leftover \(name) "
                            + "(an earlier migration's?) after checking it, or set legacy_rename to a free name")
        // Phase 2 creates the target; a database already there under that name is someone
        // else's unless it carries this migration's marker (phase 2 already ran).
        let target = context.config.targetDatabase
        let state = try await TargetDatabaseMarker.state(target, role: .source, context: context)
        let targetFree = Line(name: "database name \(target) is free (target_database)",
                              status: state == .absent || state == .ours ? .pass : .fail,
                              evidence: state.describe(target), fix: TargetDatabaseMarker.fix(target))
        return [privilege, free, targetFree]
    }

    static func extensions(_ step: Step, _ context: StepContext) async throws -> [Line] {
        var names = ["uuid-ossp", "pg_trgm", "unaccent"]
        if case .list(let l)? = step.params["names"] { names = l.compactMap(\.text) }
        let r = try await query("extensions", ["{" + names.map { "\"\($0)\"" }.joined(separator: ",") + "}"], context: context)
        return names.map { n in
            if let row = r.rows.first(where: { $0["name"] == n }) {
                let inst = row["installed_version"] ?? ""
                return Line(name: "extension \(n)", status: .pass,
                            evidence: "available \(row["default_version"] ?? "?")" + (inst.isEmpty ? "" : ", installed \(inst)"))
            }
            return Line(name: "extension \(n)", status: .fail, evidence: "not available on this server",
                        fix: "install the server's contrib package (e.g. postgresql-contrib)")
        }
    }

    static func activeConnections(_ context: StepContext) async throws -> [Line] {
        let r = try await query("active_connections", context: context)
        if r.rows.isEmpty { return [Line(name: "active connections", status: .pass, evidence: "no other sessions on the legacy database")] }
        return r.rows.map { row in
            Line(name: "session pid \(row["pid"] ?? "?")", status: .warn,
                 evidence: "\(row["usename"] ?? "") \(row["application_name"] ?? "") from \(row["client"] ?? "") \(row["state"] ?? "") since \(row["since"] ?? "")",
                 fix: "stop the application services before the migration window")
        }
    }
}
