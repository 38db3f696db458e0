import Foundation

/// Finds the Assets directory at run time.
public enum AssetsLocator {
    /// `EDU_MIGRATE_ASSETS`, else the first `Assets/plan` found walking up from the executable
    /// and then from the current directory, else the package root relative to this source file.
    /// - Returns: the Assets root, or nil when none exists.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let env = environment["EDU_MIGRATE_ASSETS"], !env.isEmpty {
            return URL(fileURLWithPath: env).standardizedFileURL
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for start in [exe, cwd] { if let found = walkUp(from: start) { return found } }
        let source = URL(fileURLWithPath: #filePath)  // .../Sources/MigrationCore/Plan/AssetsLocator.swift
        return walkUp(from: source.deletingLastPathComponent())
    }

    /// The nearest `<dir>/Assets` holding `plan/`, walking up from `start`.
    static func walkUp(from start: URL) -> URL? {
        var dir = start.standardizedFileURL
        for _ in 0..<12 {
            let candidate = dir.appendingPathComponent("Assets")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("plan").path) { return candidate }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}
