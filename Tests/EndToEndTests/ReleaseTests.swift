import Foundation
import LegacySeed
import ProcessSpawning
import Testing
import PostgresSandbox
import TestSupport
import MigrationCore

/// The tarball Assets/test.sh built, or nil (then the suite is skipped, saying why).
let releaseTarball = ProcessInfo.processInfo.environment["EDU_MIGRATE_RELEASE_TARBALL"].flatMap {
    $0.isEmpty ? nil : $0
}

/// The release tarball as a DBA uses it on a database server: extracted into a temporary
/// directory and run with a PATH without `swift` and without EDU_MIGRATE_ASSETS. The tarball is
/// built once, by `Assets/test.sh` (Assets/release.sh), and named by EDU_MIGRATE_RELEASE_TARBALL.
/// In CI (CI=true) the suite always runs, so a missing tarball fails loudly instead of skipping.
@Suite(
    .requiresPostgres, .tags(.postgres), .serialized,
    .enabled(
        if: releaseTarball != nil || ProcessInfo.processInfo.environment["CI"] == "true",
        "set EDU_MIGRATE_RELEASE_TARBALL (Assets/test.sh builds the release)"))
struct ReleaseTests {
    static let tarball = releaseTarball
    /// The server's PATH: system directories only (the toolchain lives in /opt/swift here).
    static let serverPath = "/usr/local/bin:/usr/bin:/bin"

    struct Outcome {
        var status: Int32
        var stdout: [String]
        var stderr: [String]
    }

    /// Extracted once per test process, under a prefix like /opt.
    static let extracted: Result<URL, any Error> = Result {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("release-\(getpid())/opt")
        try FileManager.default.createDirectory(at: prefix, withIntermediateDirectories: true)
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/bin/tar")
        tar.arguments = ["-xzf", tarball ?? "", "-C", prefix.path]
        try tar.run()
        tar.waitUntilExit()
        guard tar.terminationStatus == 0 else { throw CocoaError(.fileReadCorruptFile) }
        let top = try FileManager.default.contentsOfDirectory(atPath: prefix.path).filter {
            $0.hasPrefix("edu-migrate-")
        }
        guard top.count == 1 else { throw CocoaError(.fileNoSuchFile) }
        return prefix.appendingPathComponent(top[0])
    }

    static func root() throws -> URL { try extracted.get() }

    /// Runs a program with exactly `env` (plus the server PATH and a fresh HOME): `env -i` so
    /// nothing of the test process (EDU_MIGRATE_ASSETS, the toolchain's PATH) reaches it.
    static func run(
        _ program: String, _ args: [String], env: [String: String] = [:], cwd: URL? = nil
    ) async throws -> Outcome {
        let out = OutputLines()
        let err = OutputLines()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent(
            "release-home-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var all = ["PATH": serverPath, "HOME": home.path, "LANG": "C.UTF-8", "CI": "true"]
        all.merge(env) { $1 }
        var argv = ["-i"] + all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [program] + args
        if let cwd { argv = ["-C", cwd.path] + argv }
        let r = try await ChildProcess.run(
            "/usr/bin/env", argv, timeout: 180, onStdout: { out.add($0) }, onStderr: { err.add($0) })
        #expect(!r.timedOut)
        return Outcome(status: r.status, stdout: out.all, stderr: err.all)
    }

    @Test func layoutHasBinaryPlanManPageCompletionsAndInstall() throws {
        let root = try Self.root()
        let fm = FileManager.default
        for p in [
            "bin/edu-migrate", "share/edu-migrate/plan/10_preparation.yaml",
            "share/edu-migrate/sql/core/legacy_tables_found.sql",
            "share/man/man1/edu-migrate.1", "share/bash-completion/completions/edu-migrate",
            "share/zsh/site-functions/_edu-migrate", "share/fish/vendor_completions.d/edu-migrate.fish", "INSTALL",
        ] {
            #expect(fm.fileExists(atPath: root.appendingPathComponent(p).path), "missing \(p)")
        }
        #expect(!fm.fileExists(atPath: root.appendingPathComponent("share/edu-migrate/sql/tests").path))
        #expect(root.lastPathComponent == "edu-migrate-\(ToolVersion.number)")
        #expect(
            URL(fileURLWithPath: Self.tarball!).lastPathComponent.hasPrefix("edu-migrate-\(ToolVersion.number)-linux-"))
    }

    @Test func noSwiftOnThePathAndNoSwiftLibraryLinked() async throws {
        let which = try await Self.run("/bin/sh", ["-c", "command -v swift || echo none"])
        #expect(which.stdout == ["none"])
        let ldd = try await Self.run("/usr/bin/ldd", [try Self.root().appendingPathComponent("bin/edu-migrate").path])
        #expect(ldd.status == 0)
        #expect(
            ldd.stdout.contains { $0.contains("libpq.so") } && ldd.stdout.contains { $0.contains("libncursesw.so") })
        let swiftish = ldd.stdout.filter {
            $0.contains("libswift") || $0.contains("Foundation") || $0.contains("libdispatch")
                || $0.contains("/opt/swift")
        }
        #expect(swiftish.isEmpty, "\(swiftish)")
        #expect(!ldd.stdout.contains { $0.contains("not found") }, "\(ldd.stdout)")
    }

    @Test func versionNamesToolAndPlanFoundBesideBinEvenThroughASymlinkOnPath() async throws {
        let root = try Self.root()
        let o = try await Self.run(root.appendingPathComponent("bin/edu-migrate").path, ["--version"])
        let plan = try PlanVersion.of(assets: TestCluster.assets)
        let share = root.appendingPathComponent("share/edu-migrate").standardizedFileURL.path
        #expect(o.status == 0)
        #expect(o.stdout == ["edu-migrate \(ToolVersion.number)", "plan \(plan) at \(share)"])
        // As a DBA installs it: a symlink in a bin directory on PATH, run by its bare name elsewhere.
        let links = root.deletingLastPathComponent().appendingPathComponent("links")
        try? FileManager.default.createDirectory(at: links, withIntermediateDirectories: true)
        try? FileManager.default.createSymbolicLink(
            atPath: links.appendingPathComponent("edu-migrate").path,
            withDestinationPath: root.appendingPathComponent("bin/edu-migrate").path)
        let viaPath = try await Self.run(
            "edu-migrate", ["--version"], env: ["PATH": links.path + ":" + Self.serverPath],
            cwd: FileManager.default.temporaryDirectory)
        #expect(viaPath.stdout.last == "plan \(plan) at \(share)")
    }

    @Test func planPrintsFromTheCopiedAssets() async throws {
        let o = try await Self.run(try Self.root().appendingPathComponent("bin/edu-migrate").path, ["plan"])
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.stdout.contains { $0.contains("preparation.client-tools") }, "\(o.stdout.prefix(20))")
    }

    @Test func manPageRendersWithManDashL() async throws {
        let page = try Self.root().appendingPathComponent("share/man/man1/edu-migrate.1").path
        let o = try await Self.run("/usr/bin/man", ["-l", page], env: ["MANPAGER": "cat", "MANWIDTH": "80"])
        #expect(o.status == 0, "\(o.stderr)")
        let text = o.stdout.joined(separator: "\n")
        #expect(text.contains("EDU-MIGRATE(1)") && text.contains("SYNOPSIS"), "\(text.prefix(400))")
        #expect(
            text.contains("Write a commented configuration file") && text.contains("Validate the configuration"),
            "\(text.prefix(400))")
        #expect(!o.stderr.contains { $0.contains("warning") }, "\(o.stderr)")
    }

    @Test func completionScriptsKnowTheNewCommands() async throws {
        let root = try Self.root()
        let bash = root.appendingPathComponent("share/bash-completion/completions/edu-migrate").path
        let syntax = try await Self.run("/bin/bash", ["-n", bash])
        #expect(syntax.status == 0, "\(syntax.stderr)")
        for p in [
            bash, root.appendingPathComponent("share/zsh/site-functions/_edu-migrate").path,
            root.appendingPathComponent("share/fish/vendor_completions.d/edu-migrate.fish").path,
        ] {
            let text = try String(contentsOfFile: p, encoding: .utf8)
            #expect(text.contains("init") && text.contains("check"), "\(p)")
        }
    }

    /// init against the test cluster on a seeded legacy database, then check on the file it wrote.
    @Test func initThenCheckAgainstTheTestCluster() async throws {
        let bin = try Self.root().appendingPathComponent("bin/edu-migrate").path
        let sandbox = try await TestCluster.shared()
        let db = TestCluster.uniqueName("release_edu")
        try await LegacySeeder(assets: TestCluster.assets).seed(
            adminConninfo: sandbox.conninfo(), database: db, scale: 200)
        defer { Task { try? await TestCluster.dropDatabase(db) } }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "release-init-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let pg = [
            "PGHOST": sandbox.socketDir, "PGPORT": String(sandbox.port), "PGUSER": sandbox.user, "PGDATABASE": db,
        ]

        let i = try await Self.run(bin, ["init"], env: pg, cwd: dir)
        #expect(i.status == 0, "\(i.stdout) \(i.stderr)")
        #expect(
            i.stdout.contains {
                $0.hasPrefix("test connection: PostgreSQL 15") && $0.contains("13 of 13 legacy tables found")
            }, "\(i.stdout)")
        let file = dir.appendingPathComponent("edu-migrate.yaml")
        let cfg = try ConfigLoader.load(file: file)
        #expect(cfg.source == "host=\(sandbox.socketDir) port=\(sandbox.port) user=\(sandbox.user) dbname=\(db)")

        let again = try await Self.run(bin, ["init"], env: pg, cwd: dir)
        #expect(again.status == 2)

        let c = try await Self.run(bin, ["check", "--config", file.path], cwd: dir)
        let shown = c.stdout.joined(separator: "\n")
        // Server 15, superuser, free names, extensions, all legacy tables, no other session: all pass.
        #expect(c.status == 0, "\(shown)\n\(c.stderr)")
        #expect(shown.contains("configuration \(file.path): valid"))
        #expect(c.stdout.contains { $0.contains("0 failed") }, "\(shown)")
        #expect(shown.contains("pg_dump 15"), "client tools found on the server PATH: \(shown)")
        #expect(
            !FileManager.default.fileExists(atPath: dir.appendingPathComponent("edu_migration").path),
            "check wrote a work directory")
    }
}
