import Foundation

/// The tool's version: written here and nowhere else. `Assets/release.sh` names the release
/// tarball after it (it asks the built binary, `edu-migrate --version`).
public enum ToolVersion {
    /// Semantic version of this build of edu-migrate.
    public static let number = "1.0.0"
}

/// The plan's version: a digest of the files the binary reads from its Assets (`plan/` and
/// `sql/`, without the SQL test harness `sql/tests/`). Derived, not declared, so it cannot go
/// stale: any edit of a YAML or SQL file gives another digest, and two installations running
/// the same plan show the same one (a development tree and the release built from it too).
public struct PlanVersion: Sendable, Equatable, CustomStringConvertible {
    /// The first 12 hex digits of the SHA-256 over every file's relative path and contents.
    public var digest: String
    /// How many files went into it.
    public var files: Int

    /// `sha256:<12 hex> (<n> files)`.
    public var description: String { "sha256:\(digest) (\(files) files)" }

    /// The relative paths (sorted) of the files that make up the plan of an Assets directory.
    public static func files(assets: URL) -> [String] {
        var out: [String] = []
        for top in ["plan", "sql"] {
            let root = assets.appendingPathComponent(top)
            guard let walker = FileManager.default.enumerator(atPath: root.path) else { continue }
            while let rel = walker.nextObject() as? String {
                let path = top + "/" + rel
                if path.hasPrefix("sql/tests/") || path == "sql/tests" { continue }
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: root.appendingPathComponent(rel).path, isDirectory: &isDir),
                    !isDir.boolValue
                {
                    out.append(path)
                }
            }
        }
        return out.sorted()
    }

    /// The version of the plan in an Assets directory.
    /// - Throws: when a file cannot be read.
    public static func of(assets: URL) throws -> PlanVersion {
        let paths = files(assets: assets)
        var hasher = SHA256()
        for p in paths {
            hasher.update(Data((p + "\0").utf8))
            let data = try Data(contentsOf: assets.appendingPathComponent(p))
            hasher.update(Data("\(data.count)\0".utf8))
            hasher.update(data)
        }
        return PlanVersion(digest: String(hasher.finalize().prefix(12)), files: paths.count)
    }
}
