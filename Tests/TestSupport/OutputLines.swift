import Foundation

/// Lines a child process printed, collected from its @Sendable output callbacks.
public final class OutputLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    public init() {}
    /// Appends one line.
    public func add(_ s: String) { lock.withLock { lines.append(s) } }
    /// Every line so far, in order.
    public var all: [String] { lock.withLock { lines } }
}
