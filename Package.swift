// swift-tools-version: 6.0
import PackageDescription

/// Strictness shared by every Swift target (as swift-log does).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "edu-migrate",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "edu-migrate", targets: ["edu-migrate"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // C system libraries: module map + shim header, nothing else. No pkgConfig: SwiftPM warns
        // about (and drops) its -D flags; the headers live on the default include path.
        .systemLibrary(
            name: "CLibPQ", path: "Sources/CLibPQ",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CNCurses", path: "Sources/CNCurses",
            providers: [.apt(["libncurses-dev"])]),

        // Safe Swift API over libpq.
        .target(name: "Postgres", dependencies: ["CLibPQ"], swiftSettings: strict),
        // Starting programs (PostgreSQL's, operator hooks): posix_spawn, own process group,
        // nothing inherited, output streamed, timeouts and cancel.
        .target(name: "ProcessSpawning", swiftSettings: strict),
        // Throwaway local cluster for demo mode and tests.
        .target(name: "PostgresSandbox", dependencies: ["Postgres", "ProcessSpawning"], swiftSettings: strict),
        // Plan, runner, steps, journal, events, reconciliation, report. No UI, no bench, no seeder.
        .target(
            name: "MigrationCore",
            dependencies: ["Postgres", "ProcessSpawning", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        // The synthetic, deliberately dirty legacy database (`seed`, `demo`, `bench`, tests): drives
        // the generator SQL under Assets/sql/legacy/. Not part of a migration, so not in the core.
        .target(name: "LegacySeed", dependencies: ["MigrationCore", "Postgres"], swiftSettings: strict),
        // `edu-migrate bench`: the product's phases 2-4 against pg_dump|pg_restore and the guide's
        // CSV procedure, on a cluster the caller owns; its SQL under Assets/sql/bench/.
        .target(
            name: "Bench", dependencies: ["MigrationCore", "LegacySeed", "Postgres", "ProcessSpawning"],
            swiftSettings: strict),
        // Stand-in application (HTTP on loopback) for demo mode and the phase-5/6 tests.
        .target(name: "StandInApp", dependencies: ["Postgres"], swiftSettings: strict),
        // ncurses front end.
        .target(name: "Wizard", dependencies: ["MigrationCore", "CNCurses"], swiftSettings: strict),
        .executableTarget(
            name: "edu-migrate",
            dependencies: [
                "MigrationCore", "Wizard", "PostgresSandbox", "StandInApp", "LegacySeed", "Bench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // Test helpers: throwaway cluster fixtures and the in-memory terminal.
        .target(
            name: "TestSupport",
            dependencies: ["Postgres", "PostgresSandbox", "ProcessSpawning"],
            path: "Tests/TestSupport", swiftSettings: strict),
        // The wizard's test helper (screens rendered on the in-memory terminal): only WizardTests link the UI.
        .target(
            name: "WizardTestSupport", dependencies: ["MigrationCore", "Wizard"],
            path: "Tests/WizardTestSupport", swiftSettings: strict),
        .testTarget(
            name: "PostgresTests", dependencies: ["Postgres", "PostgresSandbox", "TestSupport"],
            swiftSettings: strict),
        // Backup/restore/transfer executors and ChildProcess against the throwaway cluster.
        .testTarget(
            name: "StepsTests",
            dependencies: ["MigrationCore", "Postgres", "PostgresSandbox", "TestSupport", "ProcessSpawning"],
            swiftSettings: strict),
        .testTarget(
            name: "MigrationCoreTests",
            dependencies: [
                "edu-migrate", "MigrationCore", "LegacySeed", "PostgresSandbox", "TestSupport", "ProcessSpawning",
            ],
            swiftSettings: strict),
        // The bench at a tiny scale on the shared cluster, and its CPU and statement accounting.
        .testTarget(
            name: "BenchTests", dependencies: ["Bench", "MigrationCore", "Postgres", "PostgresSandbox", "TestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "DeployTests", dependencies: ["MigrationCore", "StandInApp", "TestSupport", "ProcessSpawning"],
            swiftSettings: strict),
        // Phases 1-4 headless through a real MigrationSession on a seeded dirty legacy database.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "edu-migrate", "MigrationCore", "LegacySeed", "Postgres", "PostgresSandbox", "TestSupport",
                "ProcessSpawning",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "WizardTests", dependencies: ["Wizard", "MigrationCore", "TestSupport", "WizardTestSupport"],
            exclude: ["Golden"],  // golden screens, read by path (GoldenScreenTests)
            swiftSettings: strict),
        // The real binary under tmux (demo, phases 1-4, resize, resume). Depends on the executable
        // so that `swift build --build-tests` always builds a fresh `edu-migrate` first.
        // ReleaseTests: the release tarball (Assets/release.sh, built once by Assets/test.sh) extracted and run.
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "edu-migrate", "MigrationCore", "LegacySeed", "PostgresSandbox", "TestSupport", "ProcessSpawning",
            ],
            swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
