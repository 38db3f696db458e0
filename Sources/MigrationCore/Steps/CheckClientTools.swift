import Foundation
import Postgres

extension CheckBuiltins {
    /// `client-tools`: the pg_dump and pg_restore the backup steps will run (`names:`), each of
    /// a major version at least the server's. Found here, not by the first backup.
    static func clientTools(_ step: Step, _ context: StepContext) async throws -> [Line] {
        var names = ["pg_dump", "pg_restore"]
        if case .list(let l)? = step.params["names"] { names = l.compactMap(\.text) }
        let server = try await context.connect(.source).serverVersion
        var lines: [Line] = []
        for name in names {
            do {
                let tool = try await PgClientTools.find(name, serverVersionNum: server)
                lines.append(
                    Line(
                        name: name, status: .pass,
                        evidence: "\(name) \(tool.version) at \(tool.path); server \(PgClientTools.versionText(server))"
                    ))
            } catch let e as PgClientToolError {
                lines.append(Line(name: name, status: .fail, evidence: e.message, fix: e.fix))
            }
        }
        return lines
    }
}
