import Foundation

/// `<work_dir>/artifacts/<name>.json`: small results steps hand to later steps (and to resumed runs).
public struct ArtifactStore: Sendable {
    public let directory: URL

    public init(workDir: URL) { directory = workDir.appendingPathComponent("artifacts") }

    /// Writes an artifact atomically.
    /// - Throws: `StepFailure` when the name is unsafe or the file cannot be written.
    public func save(_ name: String, _ data: Data) throws {
        guard name.range(of: "^[A-Za-z0-9._-]+$", options: .regularExpression) != nil, !name.hasPrefix(".") else {
            throw StepFailure(
                code: "artifact", message: "invalid artifact name '\(name)'", fix: "use letters, digits, . _ -")
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do { try data.write(to: url(name), options: .atomic) } catch {
            throw StepFailure(
                code: "artifact", message: "cannot write artifact \(name): \(error.localizedDescription)",
                location: url(name).path, fix: "check free space and permissions of the work directory")
        }
    }

    /// Reads an artifact, nil when absent.
    public func load(_ name: String) -> Data? { FileManager.default.contents(atPath: url(name).path) }

    func url(_ name: String) -> URL { directory.appendingPathComponent(name + ".json") }
}
