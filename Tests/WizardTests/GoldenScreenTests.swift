import Foundation
import MigrationCore
import Testing
import TestSupport
import WizardTestSupport
import Wizard

/// Golden screens: each main screen on the in-memory terminal at 80x24 and 120x40, compared
/// exactly with `Golden/<name>-<cols>x<rows>.txt`, so a change to what the DBA sees shows up in
/// review. `RECORD_GOLDEN=1 swift test --filter GoldenScreenTests` rewrites them (then read the diff).
/// The fixtures' clock is fixed (`Fixtures.t0`), so times and durations are stable.
@Suite struct GoldenScreenTests {
    static let sizes = [(24, 80), (40, 120)]

    /// The screens, each a state built from the fixtures.
    static let screens: [(name: String, state: @Sendable () -> WizardState)] = [
        (
            "start",
            {
                var s = Fixtures.state()
                s.screens = [.start]
                return s
            }
        ),
        (
            "overview",
            {
                var s = Fixtures.state()
                s.screens = [.start, .overview]
                return s
            }
        ),
        (
            "checklist",
            {
                var s = Fixtures.state()
                s.operatorName = "Aysel"
                s.screens = [.start, .checklist("pre-migration")]
                return s
            }
        ),
        (
            "phase-copy",
            {
                var s = Fixtures.state()
                s.screens = [.start, .phase("migration")]
                return s
            }
        ),
        (
            "reader",
            {
                var s = Fixtures.state()
                s.screens = [.start, .reader("preparation.analysis")]
                return s
            }
        ),
        (
            "help-phase",
            {
                var s = Fixtures.state()
                s.screens = [.start, .help(.phase)]
                return s
            }
        ),
        (
            "criteria",
            {
                var s = DeployFixtures.state(DeployFixtures.validation)
                s.screens = [.start, .criteria]
                return s
            }
        ),
        (
            "cutover-confirm",
            {
                var s = DeployFixtures.state(
                    DeployFixtures.validation + DeployFixtures.preview
                        + RollbackAndCutoverTests.waitingFor("deployment.cutover"))
                s.screens = [.start, .phase("deployment")]
                return s
            }
        ),
        (
            "quit-question",
            {
                var s = Fixtures.state([])
                _ = Fixtures.press(&s, .ctrl("c"))
                return s
            }
        ),
    ]

    static var cases: [String] { screens.flatMap { s in sizes.map { "\(s.name)-\($0.1)x\($0.0)" } } }

    @Test(arguments: cases)
    func screenMatchesItsGolden(_ name: String) throws {
        let parts = name.split(separator: "-").last!.split(separator: "x").compactMap { Int($0) }
        let screen = String(name.dropLast(name.split(separator: "-").last!.count + 1))
        let make = try #require(Self.screens.first { $0.name == screen }).state
        let text = renderOnGridTerminal(make(), rows: parts[1], cols: parts[0]).snapshot() + "\n"
        try expectGolden(text, named: name)
    }

    /// Compare with the stored screen, or store it when `RECORD_GOLDEN=1`.
    func expectGolden(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Golden").appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let golden = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record(
                "no golden screen \(url.lastPathComponent): run with RECORD_GOLDEN=1 and review it",
                sourceLocation: sourceLocation)
            return
        }
        #expect(
            text == golden, "\(name) differs from \(url.lastPathComponent) (RECORD_GOLDEN=1 re-records):\n\(text)",
            sourceLocation: sourceLocation)
    }
}
