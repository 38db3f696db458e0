import Foundation

/// A manual item: headless runs sign it with `--sign-off-as`; otherwise it waits for the operator.
public struct SignoffExecutor: StepExecutor {
    public let operatorName: String?
    public init(operatorName: String?) { self.operatorName = operatorName }

    public func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        guard let name = operatorName, !name.isEmpty else {
            throw StepFailure(
                code: "needs-signoff", message: "manual item '\(step.title)' needs an operator's sign-off",
                location: step.id, fix: "sign it in the wizard, or run headless with --sign-off-as NAME")
        }
        let evidence = step.help ?? step.title
        context.emit(
            .signedOff(
                SignOff(stepID: step.id, operatorName: name, at: Date(), evidence: evidence, nonInteractive: true)))
        return .passed
    }
}
