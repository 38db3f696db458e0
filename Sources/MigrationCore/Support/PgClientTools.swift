import Foundation
import ProcessSpawning

/// A PostgreSQL client program (pg_dump, pg_restore) found for a server.
public struct PgClientTool: Sendable, Equatable {
    public var name: String
    /// Absolute path.
    public var path: String
    /// Its version as `--version` prints it, e.g. `15.18`.
    public var version: String
    /// Its version as a number like `server_version_num` (150018, 90624).
    public var versionNum: Int
}

/// No usable client program: none found, or only ones older than the server (pg_dump refuses
/// to dump a newer server, and an older pg_restore cannot read a newer pg_dump's archive).
public struct PgClientToolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var tool: String
    /// `server_version_num` of the server the program must work with.
    public var serverVersionNum: Int
    /// Programs found that were too old (empty: none found at all).
    public var tooOld: [PgClientTool]
    /// Where it was looked for besides PATH, in order.
    public var searched: [String]

    public var description: String { message + "; fix: " + fix }

    /// What is wrong, naming the server's version.
    public var message: String {
        let server = "the server is PostgreSQL \(PgClientTools.versionText(serverVersionNum))"
        guard !tooOld.isEmpty else {
            return "\(tool) not found (looked on PATH and in \(searched.joined(separator: ", "))); \(server)"
        }
        let found = tooOld.map { "\($0.path) is \($0.version)" }.joined(separator: ", ")
        return
            "\(tool) is older than the server: \(found); \(server), which needs \(tool) \(PgClientTools.majorText(serverVersionNum)) or newer"
    }

    /// How to get a usable one.
    public var fix: String {
        let major = PgClientTools.majorText(serverVersionNum)
        return
            "install the PostgreSQL \(major) client programs (Debian/Ubuntu: apt-get install postgresql-client-\(major); "
            + "RHEL: dnf install postgresql\(major)) and put their bin directory first on PATH, "
            + "or set EDU_MIGRATE_PGBIN to it (e.g. /usr/lib/postgresql/\(major)/bin)"
    }
}

/// Finds pg_dump and pg_restore the way libpq users expect: `EDU_MIGRATE_PGBIN` if set, then
/// PATH, then PostgreSQL's usual `/usr/lib/postgresql/<server major>/bin`, newer majors there,
/// and `/usr/local/pgsql/bin`; the first whose major version is at least the server's is used.
public enum PgClientTools {
    /// The directories searched, in order, without duplicates.
    /// - Parameters:
    ///   - serverVersionNum: the server's `server_version_num`; nil lists every installed major, newest first.
    ///   - libRoot: where Debian keeps one `bin` per major (tests point it elsewhere).
    public static func searchPath(
        serverVersionNum: Int?, environment: [String: String] = ProcessInfo.processInfo.environment,
        libRoot: String = "/usr/lib/postgresql"
    ) -> [String] {
        var dirs: [String] = []
        if let pinned = environment["EDU_MIGRATE_PGBIN"], !pinned.isEmpty { dirs.append(pinned) }
        dirs += (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let installed = ((try? FileManager.default.contentsOfDirectory(atPath: libRoot)) ?? []).compactMap(Int.init)
        let serverMajor = serverVersionNum.map(major)
        if let serverMajor { dirs.append("\(libRoot)/\(serverMajor)/bin") }
        dirs += installed.filter { serverMajor == nil || $0 > serverMajor! }.sorted(by: >).map {
            "\(libRoot)/\($0)/bin"
        }
        dirs.append("/usr/local/pgsql/bin")
        var seen = Set<String>()
        return dirs.filter { seen.insert($0).inserted }
    }

    /// The program to use with a server of `serverVersionNum`.
    /// - Throws: `PgClientToolError` when none is found or every one found is older than the server.
    public static func find(
        _ name: String, serverVersionNum: Int,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        libRoot: String = "/usr/lib/postgresql"
    ) async throws -> PgClientTool {
        let dirs = searchPath(serverVersionNum: serverVersionNum, environment: environment, libRoot: libRoot)
        var tooOld: [PgClientTool] = []
        for dir in dirs {
            let path = dir + "/" + name
            guard FileManager.default.isExecutableFile(atPath: path), let tool = await probe(name, path: path) else {
                continue
            }
            if major(tool.versionNum) >= major(serverVersionNum) { return tool }
            if !tooOld.contains(where: { $0.version == tool.version && $0.path == tool.path }) { tooOld.append(tool) }
        }
        throw PgClientToolError(
            tool: name, serverVersionNum: serverVersionNum, tooOld: tooOld,
            searched: searchPath(
                serverVersionNum: serverVersionNum,
                environment: ["EDU_MIGRATE_PGBIN": environment["EDU_MIGRATE_PGBIN"] ?? ""], libRoot: libRoot))
    }

    /// Without a server to match: the first program on the search path (newest installed major
    /// before older ones), or the bare name for PATH lookup at spawn time.
    public static func path(
        _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        searchPath(serverVersionNum: nil, environment: environment).map { $0 + "/" + name }
            .first(where: FileManager.default.isExecutableFile) ?? name
    }

    /// Runs `<path> --version` and reads its version; nil when it does not answer like a PostgreSQL program.
    static func probe(_ name: String, path: String) async -> PgClientTool? {
        let out = LineTail(limit: 4)
        guard let r = try? await ChildProcess.run(path, ["--version"], timeout: 15, onStdout: { out.append($0) }),
            r.succeeded, let (text, num) = out.lines.lazy.compactMap(parseVersion).first
        else { return nil }
        return PgClientTool(name: name, path: path, version: text, versionNum: num)
    }

    /// `pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)` → ("15.18", 150018);
    /// `9.6.24` → ("9.6.24", 90624); a development version like `17beta1` → ("17beta1", 170000).
    public static func parseVersion(_ line: String) -> (String, Int)? {
        guard let range = line.range(of: #"\(PostgreSQL\) [0-9][0-9A-Za-z.]*"#, options: .regularExpression) else {
            return nil
        }
        let text = String(line[range].dropFirst("(PostgreSQL) ".count))
        let parts = text.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard let first = parts.first else { return nil }
        if first >= 10 { return (text, first * 10000 + (parts.count > 1 && text.contains(".") ? parts[1] : 0)) }
        return (text, first * 10000 + (parts.count > 1 ? parts[1] * 100 : 0) + (parts.count > 2 ? parts[2] : 0))
    }

    /// The major version of a version number: 15 for 150018, 906 (9.6) for 90624.
    static func major(_ num: Int) -> Int { num >= 100000 ? num / 10000 : num / 100 }

    /// `15` for 150018, `9.6` for 90624 (how PostgreSQL names its majors and packages).
    static func majorText(_ num: Int) -> String {
        num >= 100000 ? "\(num / 10000)" : "\(num / 10000).\(num / 100 % 100)"
    }

    /// `15.18` for 150018, `9.6.24` for 90624.
    static func versionText(_ num: Int) -> String {
        num >= 100000 ? "\(num / 10000).\(num % 10000)" : "\(num / 10000).\(num / 100 % 100).\(num % 100)"
    }
}
