#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation
import Postgres

/// Private temporary directories (mkdtemp).
enum TempDir {
    static func make(prefix: String) throws -> String {
        // Unix socket paths are limited to ~107 bytes: a long TMPDIR falls back to /tmp.
        let base =
            ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty || $0.count > 60 ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/\(prefix)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw PostgresError(
                kind: .io,
                message: "cannot create a temporary directory under \(base): \(String(cString: strerror(errno)))")
        }
        return String(cString: made)
    }
}
