import Foundation
import ProcessSpawning

/// Runs `command` steps: an operator-configured shell hook (`params.hook`, e.g. `maintenance_on`,
/// `switch_app_config`) with `/bin/sh -c`, its output streamed to the log, its exit code checked.
/// A hook missing from the configuration passes with a log line. Timeout: the step's `timeout`
/// param (seconds), else the configuration's `hooks.timeout`, else 600 s.
public struct CommandExecutor: StepExecutor {
    public init() {}

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        guard let hook = step.param("hook") else {
            throw StepFailure(
                code: "plan", message: "command step has no `hook` param", location: step.id,
                fix: "Name one of: \(OperatorHook.names.joined(separator: ", ")).")
        }
        let timeout = step.param("timeout").flatMap(Double.init) ?? context.config.hooks.timeout ?? 600
        return try await OperatorHook.run(hook, stepID: step.id, context: context, timeout: timeout)
    }
}

/// The operator's shell hooks from the configuration, run through `ChildProcess`.
enum OperatorHook {
    /// Hook names the plan may use, as in the configuration file.
    static let names = [
        "maintenance_on", "maintenance_off", "stop_services", "start_services",
        "switch_app_config", "revert_app_config",
    ]

    /// The configured command for a hook name, nil when not configured.
    /// - Throws: `StepFailure` for a name that is not a hook.
    static func command(_ name: String, in hooks: MigrationConfig.Hooks) throws -> String? {
        switch name {
        case "maintenance_on": return hooks.maintenanceOn
        case "maintenance_off": return hooks.maintenanceOff
        case "stop_services": return hooks.stopServices
        case "start_services": return hooks.startServices
        case "switch_app_config": return hooks.switchAppConfig
        case "revert_app_config": return hooks.revertAppConfig
        default:
            throw StepFailure(
                code: "plan", message: "unknown hook `\(name)`",
                fix: "Use one of: \(names.joined(separator: ", ")).")
        }
    }

    /// Runs hook `name` if configured; streams stdout (info) and stderr (warning) lines as log events.
    /// - Returns: `.passed` (also when not configured).
    /// - Throws: `StepFailure` on a non-zero exit, a timeout or a cancel.
    static func run(_ name: String, stepID: String, context: StepContext, timeout: Double) async throws -> StepOutcome {
        guard
            let command = try command(name, in: context.config.hooks)?
                .trimmingCharacters(in: .whitespacesAndNewlines), !command.isEmpty
        else {
            context.emit(.log(step: stepID, level: .info, message: "hook \(name) not configured; nothing to run"))
            return .passed
        }
        context.emit(.log(step: stepID, level: .info, message: "running hook \(name): \(command)"))
        let emit = context.emit
        let child: ChildProcess
        do {
            child = try ChildProcess.shell(
                command, timeout: timeout,
                onStdout: { emit(.log(step: stepID, level: .info, message: "[\(name)] \($0)")) },
                onStderr: { emit(.log(step: stepID, level: .warning, message: "[\(name)] \($0)")) })
        } catch {
            throw StepFailure(
                code: "command", message: "hook \(name) could not start: \(error)", location: stepID,
                fix: "Check the command under hooks.\(name) in the configuration.")
        }
        let watcher = Task {
            while !Task.isCancelled {
                if context.isCancelled() {
                    child.cancel()
                    return
                }
                try? await Task.sleep(nanoseconds: 100_000_000)
            }
        }
        let result = await withTaskCancellationHandler {
            await child.wait()
        } onCancel: {
            child.cancel()
        }
        watcher.cancel()
        if result.succeeded {
            context.emit(.log(step: stepID, level: .info, message: "hook \(name) finished (exit 0)"))
            return .passed
        }
        if result.cancelled {
            throw StepFailure(code: .cancelled, message: "hook \(name) was cancelled", location: stepID)
        }
        let how =
            result.timedOut
            ? "timed out after \(Int(timeout)) s"
            : result.signal.map { "was killed by signal \($0)" } ?? "exited with status \(result.status)"
        throw StepFailure(
            code: "command", message: "hook \(name) \(how)", location: stepID,
            fix: "Read the hook's output in the log, fix the command or the service, then retry the step.")
    }
}

extension ExecutorRegistry {
    /// Registers the phase 5-6 executors: http, command, cutover, monitor, rollback.
    public mutating func registerDeployment() {
        register(.http, HttpExecutor())
        register(.command, CommandExecutor())
        register(.cutover, CutoverExecutor())
        register(.monitor, MonitorExecutor())
        register(.rollback, RollbackExecutor())
        register(.freeze, FreezeExecutor())
    }
}
