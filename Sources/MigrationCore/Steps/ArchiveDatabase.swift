import Foundation
import ProcessSpawning
import Postgres

/// The database a custom-format archive is restored into must speak the archive's encoding: a
/// SQL_ASCII or LATIN1 legacy database restored into a UTF8 one fails on its first 8-bit byte
/// (SQL_ASCII) or silently changes what the application reads (LATIN1).
enum ArchiveDatabase {
    /// The encoding the archive was dumped in: the `SET client_encoding` line pg_restore writes at
    /// the top of a script (`--schema-only` of no table: just the header, whatever the size).
    static func encoding(of path: String, stepID: String) async throws -> String {
        let out = LineBox()
        let r = try await ChildProcess.run(
            PgTools.path("pg_restore"), ["-f", "-", "--schema-only", "--table=__edu_migrate_none__", path],
            onStdout: { out.append($0) })
        guard r.succeeded else {
            throw StepFailure(
                code: "backup-verify", message: "pg_restore cannot read \(path) (status \(r.status))", location: stepID,
                fix: "The archive is damaged or not in custom format; use another backup.")
        }
        let line = out.lines.first { $0.hasPrefix("SET client_encoding = '") }
        return line.map { String($0.dropFirst("SET client_encoding = '".count).prefix { $0 != "'" }) } ?? "UTF8"
    }

    /// `CREATE DATABASE name ...` for an archive in `encoding`: from template0 in that encoding;
    /// a non-UTF8 encoding gets the C locale, the one locale every encoding accepts.
    static func createStatement(_ name: String, encoding: String) -> String {
        let enc = encoding.filter { $0.isLetter || $0.isNumber || $0 == "_" }
        let locale = enc.uppercased() == "UTF8" ? "" : " LC_COLLATE 'C' LC_CTYPE 'C'"
        return "CREATE DATABASE \(quoteIdent(name)) TEMPLATE template0 ENCODING '\(enc)'\(locale)"
    }
}
