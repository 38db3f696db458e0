import MigrationCore

/// What to do once a dialog has collected what it needs.
public enum PendingAction: Sendable, Equatable {
    case signOff(step: String)
    case override(stage: String)
    case runStage(String)
    case runStep(String)
    case retry(String)
}

/// A modal dialog over the current screen.
public enum Dialog: Sendable, Equatable {
    /// Typed confirmation of a destructive step. Focus: 0 Cancel (start), 1 text field, 2 Confirm.
    case confirm(ConfirmDialog)
    /// One line of text (operator name, override reason). Focus: 0 field, 1 OK, 2 Cancel.
    case text(TextDialog)
    /// A yes/no question. Focus 0 is the safe answer (start), 1 the other.
    case question(QuestionDialog)
    /// A step failed: what happened and what to do.
    case error(step: String, failure: StepFailure)
}

/// Typed confirmation (subiquity's "Confirm destructive action"), opened when the core starts a
/// destructive step and waits for `.confirm(step:typed:)`.
public struct ConfirmDialog: Sendable, Equatable {
    public var step: String
    public var expected: String
    public var typed = ""
    public var focus = 0
}

/// What a text dialog is asking for.
public enum TextPurpose: Sendable, Equatable {
    /// The operator's name, then what it was asked for (nothing when changed with `w`).
    case operatorName(then: PendingAction?)
    case overrideReason(stage: String)
    /// Search text for the screen key (`WizardState.searchKey`); empty clears the search.
    case search(key: String)
}

/// A one-line text input.
public struct TextDialog: Sendable, Equatable {
    public var title: String
    public var prompt: String
    public var text = ""
    public var focus = 0
    public var purpose: TextPurpose
}

/// What a question decides.
public enum QuestionPurpose: Sendable, Equatable {
    case quit
    case cancelStep
    /// The health watch proposes rollback: open the rollback procedure.
    case openRollback
}

/// A yes/no question whose default is the safe answer.
public struct QuestionDialog: Sendable, Equatable {
    public var title: String
    public var message: String
    public var safe: String
    public var other: String
    public var focus = 0
    public var purpose: QuestionPurpose
}
