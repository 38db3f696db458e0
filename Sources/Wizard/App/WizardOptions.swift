import Foundation

/// How the wizard looks: glyphs and colours, plus what the start screen shows.
public struct WizardOptions: Sendable, Equatable {
    /// Force ASCII borders, bars, ticks and sparklines.
    public var ascii: Bool
    /// Attributes only, no colours (NO_COLOR is honoured as well).
    public var noColor: Bool
    /// Source, target and work directory for the start screen.
    public var info: StartInfo
    /// Most frames per second.
    public var maxFPS: Double
    /// Where the operator's name is kept (`OperatorFile`); nil keeps it for this run only.
    public var operatorFile: URL?

    public init(ascii: Bool = false, noColor: Bool = false, info: StartInfo = StartInfo(), maxFPS: Double = 20) {
        self.ascii = ascii
        self.noColor = noColor
        self.info = info
        self.maxFPS = maxFPS
    }
}
