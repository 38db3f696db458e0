import Foundation

/// The built `edu-migrate` binary (`swift build --build-tests` puts it next to the test bundle).
public enum CLIBinary {
    /// The places looked in: the bundle's directory and its parents, then `<package>/.build/debug`.
    public static func candidates(package: URL) -> [String] {
        let bundleDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var out = [bundleDir.appendingPathComponent("edu-migrate").path]
        var dir = bundleDir
        while dir.path != "/" {
            out.append(dir.appendingPathComponent("edu-migrate").path)
            dir = dir.deletingLastPathComponent()
        }
        out.append(package.appendingPathComponent(".build/debug/edu-migrate").path)
        return out
    }

    /// The first candidate that is an executable (not the test bundle itself), nil when none.
    public static func path(package: URL) -> String? {
        candidates(package: package).first {
            FileManager.default.isExecutableFile(atPath: $0) && !$0.hasSuffix(".xctest")
        }
    }
}
