import Foundation
import ProcessSpawning
import Postgres

/// What a backup step records (artifact `backup.<step id>`), read by verify-backup, test-restore
/// and rollback.
struct BackupArtifact: Codable, Sendable, Equatable {
    var path: String
    var size: Int64
    var sha256: String
    /// `custom` (pg_dump -Fc), `schema` or `data` (plain SQL).
    var format: String
    /// The database that was dumped (from the source conninfo).
    var database: String?
    /// ISO 8601 UTC.
    var createdAt: String?

    /// The artifact name of a backup step.
    static func name(_ stepID: String) -> String { "backup.\(stepID)" }

    /// Loads the record of the backup step named by `of:`.
    /// - Throws: `StepFailure` when the parameter or the artifact is missing.
    static func load(of step: Step, context: StepContext) throws -> BackupArtifact {
        guard let of = step.param("of") else {
            throw StepFailure(
                code: "plan", message: "\(step.kind.rawValue) step without `of: <backup step id>`", location: step.id)
        }
        guard let data = context.loadArtifact(name(of)),
            let record = try? JSONDecoder().decode(BackupArtifact.self, from: data)
        else {
            throw StepFailure(
                code: "backup-missing", message: "no backup recorded by step \(of)", location: step.id,
                fix: "run step \(of) first")
        }
        return record
    }
}

/// Client programs and how backup steps call them.
enum BackupTools {
    /// Runs a PostgreSQL program, its stderr lines logged at `level`, cancelled with the step.
    /// - Returns: the result and the last stderr lines (for failure messages).
    static func run(
        _ tool: String, _ arguments: [String], step: Step, context: StepContext,
        onStdout: @escaping @Sendable (String) -> Void = { _ in },
        onStderr: @escaping @Sendable (String) -> Void = { _ in },
        poll: @escaping @Sendable () -> Void = {}
    ) async throws -> (ChildProcessResult, [String]) {
        let tail = LineTail(limit: 20)
        let emit = context.emit
        let id = step.id
        context.emit(.statement(step: step.id, label: ([tool] + arguments).joined(separator: " ")))
        let program = try await program(tool, context: context)
        context.emit(.log(step: step.id, level: .debug, message: "\(tool) \(program.version) at \(program.path)"))
        // A typed password reaches the child through a passfile that lives as long as the child.
        return try await SessionPassword.withChildEnvironment(for: context.config.source) { environment in
            let child = try ChildProcess(
                program.path, arguments, environment: environment,
                onStdout: onStdout,
                onStderr: { line in
                    tail.append(line)
                    onStderr(line)
                    emit(.log(step: id, level: .debug, message: "[\(tool)] \(line)"))
                })
            while true {
                if let done = child.result { return (done, tail.lines) }
                try? await Task.sleep(nanoseconds: 250_000_000)
                poll()
                if context.isCancelled() { child.cancel() }
            }
        }
    }

    /// The program of a major version at least the source server's (found as libpq users
    /// expect: PATH, then /usr/lib/postgresql/<major>/bin).
    /// - Throws: `StepFailure` (`client-tools`) naming the server's version and the fix.
    static func program(_ tool: String, context: StepContext) async throws -> PgClientTool {
        let server = try await context.connect(.source).serverVersion
        do { return try await PgClientTools.find(tool, serverVersionNum: server) } catch let e as PgClientToolError {
            throw StepFailure(code: "client-tools", message: e.message, fix: e.fix)
        }
    }

    /// A failure for a program that did not succeed.
    static func failure(
        _ tool: String, _ result: ChildProcessResult, tail: [String], step: Step, fix: String
    ) -> StepFailure {
        if result.cancelled {
            return StepFailure(
                code: .cancelled, message: "\(tool) cancelled by the operator", location: step.id,
                fix: "retry the step when ready")
        }
        let last = tail.suffix(5).joined(separator: " | ")
        return StepFailure(
            code: StepFailure.Code(rawValue: tool), message: "\(tool) failed (status \(result.status)): \(last)",
            location: step.id, fix: fix)
    }
}

/// The last lines of a stream, shared with a @Sendable callback.
final class LineTail: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    private let limit: Int
    init(limit: Int) { self.limit = limit }
    var lines: [String] { lock.withLock { stored } }
    func append(_ line: String) {
        lock.withLock {
            stored.append(line)
            if stored.count > limit { stored.removeFirst() }
        }
    }
}
