import Foundation
import MigrationCore
import Postgres
import PostgresSandbox
import StandInApp

/// The demo's files: its configuration and what an earlier demo left in the work directory.
enum DemoWorld {
    /// The source conninfo of a cluster an earlier `demo --keep` left running for this work
    /// directory, when its demo.yaml exists and the server still answers.
    static func keptCluster(_ dir: URL) async -> String? {
        let file = dir.appendingPathComponent("demo.yaml")
        guard FileManager.default.fileExists(atPath: file.path),
            let config = try? ConfigLoader.load(file: file),
            let conn = try? await Connection.connect(config.source, timeout: 3)
        else { return nil }
        conn.close()
        return config.source
    }

    /// Stops a cluster an earlier `demo --keep` left running (fast shutdown of its postmaster) and
    /// deletes its directory, so a resumed demo without `--keep` leaves nothing behind.
    /// - Returns: false when `source` names no such cluster or it did not stop within 10 s.
    static func stopKept(source: String) async -> Bool {
        guard let host = ConnInfo.value("host", in: source), host.hasPrefix("/") else { return false }
        let data = host + "/data"
        guard FileManager.default.fileExists(atPath: data + "/PG_VERSION"),
            let text = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ pid_t($0) }), pid > 0
        else { return false }
        kill(pid, SIGINT)
        for _ in 0..<200 where kill(pid, 0) == 0 { try? await Task.sleep(nanoseconds: 50_000_000) }
        guard kill(pid, 0) != 0 else { return false }
        try? FileManager.default.removeItem(atPath: host)
        return true
    }

    /// Keeps one earlier demo's work directory as `<dir>.previous` (its journal, log and backups
    /// belong to a cluster that is gone) and says where it is; the one kept before it, and the
    /// `<dir>.previous-<time>` directories earlier versions left (one per demo), are deleted.
    /// - Returns: where the earlier work directory now is, nil when there was none.
    @discardableResult
    static func archivePrevious(_ dir: URL) throws -> URL? {
        let fm = FileManager.default
        let parent = dir.deletingLastPathComponent()
        let name = dir.lastPathComponent
        let aside = parent.appendingPathComponent(name + ".previous")
        let stamped = ((try? fm.contentsOfDirectory(atPath: parent.path)) ?? []).filter {
            $0.hasPrefix(name + ".previous-")
        }
        for old in stamped { try? fm.removeItem(at: parent.appendingPathComponent(old)) }
        if !stamped.isEmpty {
            say(
                "removed \(stamped.count) older demo work director\(stamped.count == 1 ? "y" : "ies") (\(name).previous-*)"
            )
        }
        guard fm.fileExists(atPath: dir.appendingPathComponent("journal.jsonl").path) else {
            try fm.createDirectory(at: dir, withIntermediateDirectories: true)
            return nil
        }
        if fm.fileExists(atPath: aside.path) { try fm.removeItem(at: aside) }
        try fm.moveItem(at: dir, to: aside)
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        say(
            "the previous demo's work directory (journal, log, report, backups) is now \(aside.path); "
                + "only that one is kept, the next demo replaces it")
        return aside
    }

    private static func say(_ line: String) { FileHandle.standardError.write(Data("demo: \(line)\n".utf8)) }

    /// What `--keep` prints: the command that resumes with a new stand-in application first (the
    /// one in this process stops with it, and phases 5-6 check it), how to reach and stop the cluster.
    static func keptMessage(source: String, dir: URL, copyRate: Int?) -> String {
        let host = ConnInfo.value("host", in: source) ?? "?"
        let resume = "edu-migrate demo --work-dir \(dir.path) --keep" + (copyRate.map { " --copy-rate \($0)" } ?? "")
        return """
            demo kept running:
              resume (with a new stand-in application): \(resume)
              psql "\(source)"
              stop the cluster: kill -INT $(head -1 \(host)/data/postmaster.pid)
            """
    }

    /// Writes `demo.yaml` pointing at the sandbox and the stand-in application; hooks act on files
    /// in the work directory so phases 5-6 run real commands without touching the system.
    static func writeConfig(dir: URL, source: String, app: StandInApp, copyRate: Int? = nil) throws -> URL {
        let appDir = dir.appendingPathComponent("app").path
        try FileManager.default.createDirectory(atPath: appDir, withIntermediateDirectories: true)
        let appConf = appDir + "/database.conf"
        try "database=edu\n".write(toFile: appConf, atomically: true, encoding: .utf8)
        let yaml = """
            # Written by `edu-migrate demo`: a throwaway cluster and a stand-in application.
            source: "\(source)"
            target_database: edu_new
            legacy_rename: edu_legacy
            work_dir: \(dir.path)
            backup_dir: \(dir.path)/backups
            application:
              endpoints:
                - { name: teachers, url: "\(app.apiBaseURL)/teachers", expect: json }
                - { name: education-groups, url: "\(app.apiBaseURL)/education-groups", expect: json }
                - { name: courses, url: "\(app.apiBaseURL)/courses", expect: json }
                - { name: health, url: "\(app.apiBaseURL)/health" }
              frontend: "\(app.frontendURL)"
            hooks:
              maintenance_on: "touch \(appDir)/maintenance.flag"
              maintenance_off: "rm -f \(appDir)/maintenance.flag"
              stop_services: "echo 'stopping the stand-in services (demo: they keep serving)'"
              start_services: "echo 'starting the stand-in services'"
              switch_app_config: "echo 'demo: the app keeps database=edu (the cutover renames edu_new to edu, so no edit is needed)' && cat \(appConf)"
              revert_app_config: "echo 'demo: the app keeps database=edu (the rollback gives the legacy database its name back)' && cat \(appConf)"
            monitor: { interval: 2s, duration: 10s }

            """ + (copyRate.map { "transfer: { max_rows_per_second: \($0) }\n" } ?? "")
        let file = dir.appendingPathComponent("demo.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return file
    }
}
