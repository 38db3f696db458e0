import Foundation
import Yams

/// Reads config sections, collecting one `ConfigProblem` per bad value.
struct ConfigReader {
    var problems: [ConfigProblem] = []

    mutating func add(_ key: String, _ node: Node?, _ message: String) {
        problems.append(ConfigProblem(key: key, line: YamlNode.line(node), message: message))
    }

    mutating func unknown(_ node: Node, allowed: [String], prefix: String) {
        for (key, keyNode, _) in YamlNode.pairs(node) where !allowed.contains(key) {
            var msg = "unknown key"
            if let s = DidYouMean.suggest(key, in: allowed) {
                msg += " (did you mean '\(prefix)\(s)'?)"
            } else {
                msg += " (known: \(allowed.joined(separator: ", ")))"
            }
            add(prefix + key, keyNode, msg)
        }
    }

    /// A section that must be a mapping: nil (and a problem) when it is a text or a list, so a
    /// mistyped `hooks: "stop.sh"` is refused instead of running with no hooks. An empty value
    /// (`hooks:` alone) is an empty section.
    mutating func section(_ root: Node, _ key: String, example: String) -> Node? {
        guard let node = root.mapping?[key] else { return nil }
        if node.mapping != nil { return node }
        if let s = node.scalar, s.style == .plain, node.null != nil { return nil }
        let kind = node.sequence != nil ? "a list" : "a single value"
        add(key, node, "must be a section of keys, e.g. \(key): \(example); got \(kind)")
        return nil
    }

    /// Every key given twice in a mapping, at any depth: YAML keeps the last silently, so a
    /// second `source:` would change the database without a word.
    mutating func repeatedKeys(_ node: Node, prefix: String) {
        switch node {
        case .mapping(let map):
            var first: [String: Int] = [:]
            for (k, v) in map {
                guard let key = k.scalar?.string else { continue }
                if let line = first[key] {
                    add(prefix + key, k, "given twice (first on line \(line)); keep one")
                } else {
                    first[key] = YamlNode.line(k)
                }
                repeatedKeys(v, prefix: prefix + key + ".")
            }
        case .sequence(let seq):
            let base = prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix
            for (i, item) in seq.enumerated() { repeatedKeys(item, prefix: "\(base)[\(i)].") }
        default: break
        }
    }

    mutating func string(_ parent: Node, _ key: String, prefix: String = "") -> String? {
        guard let node = parent.mapping?[key] else { return nil }
        guard let t = YamlNode.text(node), !t.trimmingCharacters(in: .whitespaces).isEmpty else {
            add(prefix + key, node, "must be a non-empty text value")
            return nil
        }
        return t
    }

    /// Checks `source`; returns its database name.
    mutating func source(_ node: Node?) -> String? {
        guard let node else {
            add(
                "source", nil,
                "missing: the legacy database as a libpq conninfo or URI, e.g. \"host=/var/run/postgresql dbname=edu user=postgres\""
            )
            return nil
        }
        guard let text = YamlNode.text(node), !text.isEmpty else {
            add("source", node, "must be a conninfo string or URI")
            return nil
        }
        do {
            let parsed = try ConnInfoCheck.parse(text)
            if parsed.hasPassword {
                add(
                    "source", node,
                    "must not contain a password; use ~/.pgpass, PGPASSFILE or a service file (or the interactive prompt)"
                )
            }
            guard let db = parsed.pairs["dbname"], !db.isEmpty else {
                add("source", node, "names no database: add dbname=... (the legacy database)")
                return nil
            }
            return db
        } catch ConnInfoCheck.Failure.malformed(let why) {
            add("source", node, "not a valid conninfo or URI: \(why)")
            return nil
        } catch {
            add("source", node, "\(error)")
            return nil
        }
    }

    mutating func identifier(_ root: Node, _ key: String, differentFrom source: String?) -> String? {
        guard let v = string(root, key) else { return nil }
        let node = root.mapping?[key]
        let ok = v.count <= 63 && v.range(of: "^[a-z_][a-z0-9_$]*$", options: .regularExpression) != nil
        if !ok {
            add(key, node, "'\(v)' is not a valid database name (lower-case letters, digits, _; at most 63 chars)")
            return nil
        }
        if v == source {
            add(key, node, "must differ from the source database '\(v)'")
            return nil
        }
        return v
    }

    mutating func path(_ root: Node, _ key: String, base: URL?) -> String? {
        guard let v = string(root, key) else { return nil }
        return ConfigLoader.resolve(v, base: base)
    }

    mutating func url(_ text: String, key: String, node: Node?) -> Bool {
        guard let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty
        else {
            add(key, node, "'\(text)' is not an http(s) URL")
            return false
        }
        if c.password != nil {
            add(key, node, "must not contain a password")
            return false
        }
        return true
    }

    mutating func application(_ app: Node, into config: inout MigrationConfig) {
        unknown(app, allowed: ["endpoints", "frontend"], prefix: "application.")
        if let f = string(app, "frontend", prefix: "application."),
            url(f, key: "application.frontend", node: app.mapping?["frontend"])
        {
            config.frontend = f
        }
        guard let eps = app.mapping?["endpoints"] else { return }
        guard let list = eps.sequence else {
            add("application.endpoints", eps, "must be a list of {name, url, expect}")
            return
        }
        var names = Set<String>()
        for (i, ep) in list.enumerated() {
            let prefix = "application.endpoints[\(i)]."
            guard ep.mapping != nil else {
                add("application.endpoints[\(i)]", ep, "must be { name: ..., url: \"http://...\", expect: json|any }")
                continue
            }
            unknown(ep, allowed: ["name", "url", "expect"], prefix: prefix)
            guard let name = string(ep, "name", prefix: prefix) else {
                add(prefix + "name", ep, "missing")
                continue
            }
            if !names.insert(name).inserted { add(prefix + "name", ep, "duplicate endpoint name '\(name)'") }
            guard let u = string(ep, "url", prefix: prefix) else {
                add(prefix + "url", ep, "missing")
                continue
            }
            guard url(u, key: prefix + "url", node: ep.mapping?["url"]) else { continue }
            let expect = string(ep, "expect", prefix: prefix)
            if let e = expect, !["json", "any"].contains(e) {
                add(prefix + "expect", ep.mapping?["expect"], "must be json or any")
                continue
            }
            config.endpoints.append(.init(name: name, url: u, expect: expect))
        }
    }

    mutating func hooks(_ node: Node, into config: inout MigrationConfig) {
        unknown(node, allowed: ConfigLoader.hookKeys + ["timeout"], prefix: "hooks.")
        var h = MigrationConfig.Hooks()
        h.maintenanceOn = string(node, "maintenance_on", prefix: "hooks.")
        h.maintenanceOff = string(node, "maintenance_off", prefix: "hooks.")
        h.stopServices = string(node, "stop_services", prefix: "hooks.")
        h.startServices = string(node, "start_services", prefix: "hooks.")
        h.switchAppConfig = string(node, "switch_app_config", prefix: "hooks.")
        h.revertAppConfig = string(node, "revert_app_config", prefix: "hooks.")
        if let text = string(node, "timeout", prefix: "hooks.") {
            if let secs = ConfigLoader.duration(text), secs > 0 {
                h.timeout = secs
            } else {
                add("hooks.timeout", node.mapping?["timeout"], "'\(text)' is not a duration (e.g. 30s, 10m, 1h)")
            }
        }
        config.hooks = h
    }

    mutating func monitor(_ node: Node, into config: inout MigrationConfig) {
        unknown(node, allowed: ["interval", "duration"], prefix: "monitor.")
        for key in ["interval", "duration"] {
            guard let text = string(node, key, prefix: "monitor.") else { continue }
            guard let secs = ConfigLoader.duration(text) else {
                add("monitor.\(key)", node.mapping?[key], "'\(text)' is not a duration (e.g. 30s, 5m, 1h, 1d)")
                continue
            }
            if key == "interval" { config.monitorInterval = secs } else { config.monitorDuration = secs }
        }
        if config.monitorInterval > config.monitorDuration {
            add("monitor.interval", node.mapping?["interval"], "is longer than monitor.duration")
        }
    }

    mutating func transfer(_ node: Node, into config: inout MigrationConfig) {
        unknown(node, allowed: ["max_rows_per_second", "source_encoding", "parallel"], prefix: "transfer.")
        if let text = string(node, "parallel", prefix: "transfer.") {
            if let n = Int(text), (1...64).contains(n) {
                config.parallelSteps = n
            } else {
                add(
                    "transfer.parallel", node.mapping?["parallel"],
                    "'\(text)' is not a number of connections from 1 to 64 (leave it out: the cores)")
            }
        }
        if let enc = string(node, "source_encoding", prefix: "transfer.") {
            if enc.range(of: "^[A-Za-z][A-Za-z0-9_]{1,30}$", options: .regularExpression) == nil {
                add(
                    "transfer.source_encoding", node.mapping?["source_encoding"],
                    "'\(enc)' is not an encoding name (e.g. WIN1251, LATIN5, LATIN1)")
            } else {
                config.transferSourceEncoding = enc
            }
        }
        guard let text = string(node, "max_rows_per_second", prefix: "transfer.") else { return }
        guard let n = Double(text), n >= 1, n.isFinite else {
            add(
                "transfer.max_rows_per_second", node.mapping?["max_rows_per_second"],
                "'\(text)' is not a positive number of rows per second (e.g. 50000); leave it out for full speed")
            return
        }
        config.transferMaxRowsPerSecond = n
    }
}
