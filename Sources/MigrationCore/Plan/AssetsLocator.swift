import Foundation

/// Finds the Assets directory at run time.
public enum AssetsLocator {
    /// Where a release keeps the Assets, relative to the directory of the executable
    /// (`<prefix>/bin/edu-migrate` and `<prefix>/share/edu-migrate/{plan,sql}`).
    public static let releaseRelativePath = "../share/edu-migrate"

    /// `EDU_MIGRATE_ASSETS`; else a release's `<bin>/../share/edu-migrate`; else the first
    /// `Assets/plan` found walking up from the executable (a development build) and then from
    /// the current directory; else the package root relative to this source file.
    /// The executable is the real file (`/proc/self/exe`), so a symlink on PATH or a bare
    /// `argv[0]` finds the plan of the release it points into.
    /// - Returns: the Assets root, or nil when none exists.
    public static func find(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        if let env = environment["EDU_MIGRATE_ASSETS"], !env.isEmpty {
            return URL(fileURLWithPath: env).standardizedFileURL
        }
        let exe = executableDirectory()
        if let exe, let release = releaseAssets(besideExecutableIn: exe) { return release }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        for start in [exe, cwd].compactMap({ $0 }) { if let found = walkUp(from: start) { return found } }
        let source = URL(fileURLWithPath: #filePath)  // .../Sources/MigrationCore/Plan/AssetsLocator.swift
        return walkUp(from: source.deletingLastPathComponent())
    }

    /// A release's Assets next to the executable's directory, if it holds `plan/`.
    static func releaseAssets(besideExecutableIn dir: URL) -> URL? {
        let candidate = dir.appendingPathComponent(releaseRelativePath).standardizedFileURL
        return FileManager.default.fileExists(atPath: candidate.appendingPathComponent("plan").path) ? candidate : nil
    }

    /// The directory of the running executable, symlinks resolved: `/proc/self/exe` on Linux,
    /// else `argv[0]` (resolved against the current directory).
    static func executableDirectory() -> URL? {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target).deletingLastPathComponent()
        }
        guard let arg0 = CommandLine.arguments.first, arg0.contains("/") else { return nil }
        return URL(fileURLWithPath: arg0).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// The nearest `<dir>/Assets` holding `plan/`, walking up from `start`.
    static func walkUp(from start: URL) -> URL? {
        var dir = start.standardizedFileURL
        for _ in 0..<12 {
            let candidate = dir.appendingPathComponent("Assets")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("plan").path) {
                return candidate
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return nil
    }
}
