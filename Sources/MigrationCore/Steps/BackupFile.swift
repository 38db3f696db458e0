import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a backup is written: `<database>_<format>_<UTC stamp>.backup|.sql` in the backup
/// directory (0700), mode 0600. pg_dump writes `<name>.partial`; only a finished and hashed dump
/// is renamed to its name, so a file without `.partial` is always a complete backup, and what
/// an interrupted attempt left is recognisable (and removed by the next attempt).
enum BackupFile {
    struct Reserved: Sendable {
        /// Where pg_dump writes.
        var partial: String
        /// The backup's name once it is complete.
        var final: String
    }

    /// The name prefix of a database's backups of one format: letters, digits, `-` and `_` of
    /// the database name kept, anything else `_`.
    static func prefix(database: String, format: String) -> String {
        let name = String(
            database.unicodeScalars.map {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_"
            })
        return "\(name.isEmpty ? "legacy" : name)_\(format)_"
    }

    /// Creates the `.partial` file (O_EXCL, 0600) under a name no earlier backup has, finished
    /// or not (a second backup in the same second gets `_2`, ...).
    static func reserve(dir: String, database: String, format: String, step: Step) throws -> Reserved {
        do {
            try FileManager.default.createDirectory(
                atPath: dir, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw StepFailure(
                code: "backup-dir", message: "cannot create backup directory \(dir): \(error.localizedDescription)",
                location: step.id, fix: "set backup_dir in the configuration to a writable directory")
        }
        let stamp = DateFormatter()
        stamp.locale = Locale(identifier: "en_US_POSIX")
        stamp.timeZone = TimeZone(identifier: "UTC")
        stamp.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let ext = format == "custom" ? "backup" : "sql"
        let base = prefix(database: database, format: format) + stamp.string(from: Date())
        for n in 1...20 {
            let final = URL(fileURLWithPath: dir).appendingPathComponent(
                n == 1 ? "\(base).\(ext)" : "\(base)_\(n).\(ext)"
            ).path
            if FileManager.default.fileExists(atPath: final) { continue }
            let fd = open(final + ".partial", O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                close(fd)
                return Reserved(partial: final + ".partial", final: final)
            }
            if errno != EEXIST {
                throw StepFailure(
                    code: "backup-file", message: "cannot create \(final).partial: \(String(cString: strerror(errno)))",
                    location: step.id, fix: "check permissions and free space of \(dir)")
            }
        }
        throw StepFailure(code: "backup-file", message: "too many backups named \(base) in \(dir)", location: step.id)
    }

    /// Gives the finished dump its name; never replaces an existing file (link, then unlink).
    static func publish(_ file: Reserved, step: Step) throws {
        guard link(file.partial, file.final) == 0 else {
            throw StepFailure(
                code: "backup-file",
                message: "cannot name the finished backup \(file.final): \(String(cString: strerror(errno)))",
                location: step.id, fix: "check the backup directory; the complete dump is \(file.partial)")
        }
        unlink(file.partial)
    }

    /// Deletes the `.partial` files an interrupted backup of this database and format left;
    /// returns their names.
    static func removeStale(dir: String, database: String, format: String) -> [String] {
        let p = prefix(database: database, format: format)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { $0.hasPrefix(p) && $0.hasSuffix(".partial") }.sorted().filter {
            (try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: dir).appendingPathComponent($0).path))
                != nil
        }
    }
}
