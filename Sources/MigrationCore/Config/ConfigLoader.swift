import Foundation
import Yams

/// Loads and checks the operator's configuration file (DESIGN.md keys, snake_case).
public enum ConfigLoader {
    static let topKeys = [
        "source", "target_database", "legacy_rename", "work_dir", "backup_dir", "locale",
        "application", "hooks", "monitor", "transfer",
    ]
    static let hookKeys = [
        "maintenance_on", "maintenance_off", "stop_services", "start_services",
        "switch_app_config", "revert_app_config",
    ]

    /// Reads a configuration file; relative directories are resolved against the file's directory.
    /// - Throws: `ConfigError` listing every problem (key, line, what is wrong).
    public static func load(file: URL) throws -> MigrationConfig {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ConfigError(
                file: file.path,
                problems: [
                    ConfigProblem(
                        key: "(file)", line: 0,
                        message:
                            "no such file \(file.path); give the configuration with --config FILE (keys: see README)")
                ])
        }
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw ConfigError(
                file: file.path, problems: [ConfigProblem(key: "(file)", line: 0, message: "cannot read \(file.path)")])
        }
        return try parse(text, file: file.path, baseDirectory: file.deletingLastPathComponent())
    }

    /// Parses configuration YAML text.
    /// - Throws: `ConfigError` listing every problem.
    public static func parse(
        _ text: String, file: String = "config", baseDirectory: URL? = nil
    ) throws -> MigrationConfig {
        var r = ConfigReader()
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw ConfigError(
                file: file,
                problems: [
                    ConfigProblem(
                        key: "(yaml)", line: PlanParser.errorLine(error),
                        message: "not valid YAML: \(error)")
                ])
        }
        guard let root, root.mapping != nil else {
            throw ConfigError(
                file: file,
                problems: [
                    ConfigProblem(
                        key: "(file)", line: 1, message: "expected a mapping of keys (source, target_database, ...)")
                ])
        }
        r.repeatedKeys(root, prefix: "")
        r.unknown(root, allowed: topKeys, prefix: "")
        var config = MigrationConfig(source: "")
        let sourceDB = r.source(root.mapping?["source"])
        config.source = YamlNode.text(root.mapping?["source"]) ?? ""
        if let v = r.identifier(root, "target_database", differentFrom: sourceDB) { config.targetDatabase = v }
        if let v = r.identifier(root, "legacy_rename", differentFrom: sourceDB) { config.legacyRename = v }
        if config.targetDatabase == config.legacyRename {
            r.add(
                "legacy_rename", root.mapping?["legacy_rename"],
                "must differ from target_database ('\(config.targetDatabase)')")
        }
        config.workDir = r.path(root, "work_dir", base: baseDirectory) ?? resolve(config.workDir, base: baseDirectory)
        // Without backup_dir the backups go with the rest of the migration's files, in work_dir.
        config.backupDir =
            r.path(root, "backup_dir", base: baseDirectory)
            ?? URL(fileURLWithPath: config.workDir).appendingPathComponent("backups").path
        config.locale = r.string(root, "locale")
        if let app = r.section(root, "application", example: "{ endpoints: [...], frontend: \"http://...\" }") {
            r.application(app, into: &config)
        }
        if let hooks = r.section(root, "hooks", example: "{ stop_services: \"systemctl stop ...\", ... }") {
            r.hooks(hooks, into: &config)
        }
        if let mon = r.section(root, "monitor", example: "{ interval: 1h, duration: 24h }") {
            r.monitor(mon, into: &config)
        }
        if let transfer = r.section(root, "transfer", example: "{ max_rows_per_second: 50000 }") {
            r.transfer(transfer, into: &config)
        }
        if !r.problems.isEmpty {
            // In file order, so the operator can fix them top to bottom.
            let ordered = r.problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            throw ConfigError(file: file, problems: ordered.map(\.element))
        }
        return config
    }

    static func resolve(_ path: String, base: URL?) -> String {
        if path.hasPrefix("/") { return path }
        let expanded = (path as NSString).expandingTildeInPath
        if expanded.hasPrefix("/") { return expanded }
        let baseURL = base ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        return baseURL.appendingPathComponent(path).standardizedFileURL.path
    }

    /// Parses `1h`, `30m`, `5s`, `2d` or a plain number of seconds.
    static func duration(_ text: String) -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let n = Double(t), n > 0 { return n }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600), ("d", 86400)]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            if let n = Double(t.dropLast(suffix.count)), n > 0 { return n * factor }
        }
        return nil
    }
}
