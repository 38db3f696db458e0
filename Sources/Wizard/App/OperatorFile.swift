import Foundation
import MigrationCore

/// The operator's name kept per work directory (`operator.name`), so a resumed run does not ask
/// again and the keys typed after starting never land in a name field.
public enum OperatorFile {
    /// The file in `workDir`.
    public static func url(workDir: String) -> URL {
        URL(fileURLWithPath: workDir).appendingPathComponent("operator.name")
    }

    /// The kept name, when there is a usable one.
    public static func load(_ url: URL?) -> String? {
        guard let url, let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return SignOff.isUsableName(name) ? name : nil
    }

    /// Keep `name` (written whole: a temporary file renamed over the old one). A failure only
    /// means the name is asked again next time.
    public static func save(_ name: String, to url: URL?) {
        guard let url else { return }
        let tmp = url.appendingPathExtension("tmp")
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((name + "\n").utf8).write(to: tmp)
            guard rename(tmp.path, url.path) == 0 else { throw CocoaError(.fileWriteUnknown) }
        } catch {
            try? FileManager.default.removeItem(at: tmp)
        }
    }
}
