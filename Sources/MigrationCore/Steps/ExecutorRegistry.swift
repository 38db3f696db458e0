import Foundation

/// Maps step kinds to executors. Kinds without an executor in this build fail clearly.
public struct ExecutorRegistry: Sendable {
    private var executors: [StepKind: any StepExecutor] = [:]

    public init() {}

    /// Every executor of this build: the core's (check, sql, validate, signoff), backup and
    /// transfer, and the deployment kinds; tests may `register` replacements.
    /// - Parameter signOffAs: operator name for headless sign-offs (`--sign-off-as`).
    public static func standard(signOffAs: String? = nil) -> ExecutorRegistry {
        var r = ExecutorRegistry()
        r.register(.check, CheckExecutor())
        r.register(.sql, SqlExecutor())
        r.register(.validate, ValidateExecutor())
        r.register(.signoff, SignoffExecutor(operatorName: signOffAs))
        r.register(.transfer, TransferExecutor())
        r.register(.backup, BackupExecutor())
        r.register(.verifyBackup, VerifyBackupExecutor())
        r.register(.testRestore, TestRestoreExecutor())
        r.registerDeployment()
        return r
    }

    /// Sets the executor of a kind.
    public mutating func register(_ kind: StepKind, _ executor: any StepExecutor) { executors[kind] = executor }

    /// The executor of a kind, or one that fails with "not implemented in this build".
    public func executor(for kind: StepKind) -> any StepExecutor {
        executors[kind] ?? NotImplementedExecutor(kind: kind)
    }
}

/// Stands in for a kind whose executor is not part of this build.
struct NotImplementedExecutor: StepExecutor {
    let kind: StepKind
    func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        throw StepFailure(
            code: "not-implemented", message: "step kind '\(kind.rawValue)' is not implemented in this build",
            location: step.id, fix: "use a build that includes the \(kind.rawValue) executor")
    }
}
