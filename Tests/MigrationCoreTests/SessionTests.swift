import Foundation
import Testing
@testable import MigrationCore

/// Stands in for the database executors in tests of the runner itself (no DB involved):
/// records which steps ran.
struct RecordingExecutor: StepExecutor {
    let ran: StringLog
    var fail: Set<String> = []
    func run(_ step: Step, context: StepContext) async throws -> StepOutcome {
        ran.add(step.id)
        context.emit(.progress(step: step.id, item: nil, done: 1, total: 1, unit: "items"))
        if fail.contains(step.id) { throw StepFailure(code: "test", message: "planned failure", fix: "retry") }
        return .passed
    }
}

final class StringLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ v: String) { lock.withLock { items.append(v) } }
    var values: [String] { lock.withLock { items } }
}

enum SessionFixture {
    static let order = [
        "list.version", "list.sign", "alpha.create", "alpha.check", "alpha.validate", "beta.columns", "beta.sign",
    ]

    static func registry(_ ran: StringLog, fail: Set<String> = [], omit: StepKind? = nil) -> ExecutorRegistry {
        var r = ExecutorRegistry()
        r.register(.signoff, SignoffExecutor(operatorName: "ann"))
        for kind in [StepKind.check, .sql, .validate] where kind != omit {
            r.register(kind, RecordingExecutor(ran: ran, fail: fail))
        }
        return r
    }

    static func session(
        _ dir: URL, _ ran: StringLog, fail: Set<String> = [], omit: StepKind? = nil,
        signOffAs: String? = "ann"
    ) throws -> MigrationSession {
        var config = MigrationConfig(source: "host=/nowhere dbname=fixture")
        config.workDir = dir.path
        return try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: registry(ran, fail: fail, omit: omit),
            options: SessionOptions(signOffAs: signOffAs), workDir: dir)
    }
}

@Suite struct SessionTests {
    @Test func headlessRunExecutesEveryStageInOrder() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s = try SessionFixture.session(dir, ran)
        let v = await s.run(through: nil)
        await s.close()
        #expect(v.outcome == .passed)
        #expect(v.ran == SessionFixture.order)
        #expect(ran.values == SessionFixture.order.filter { !$0.hasSuffix(".sign") })
        let state = await s.runState
        #expect(state.step("beta.sign").signOff?.nonInteractive == true)
        #expect(state.step("beta.sign").signOff?.operatorName == "ann")
        let log = try String(contentsOf: s.logURL, encoding: .utf8)
        let stamped = log.split(separator: "\n").allSatisfy {
            $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "#, options: .regularExpression) != nil
        }
        #expect(stamped)
        #expect(log.contains("list.sign signed by ann (non-interactive)"))
    }

    @Test func throughStopsAfterThePhase() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s = try SessionFixture.session(dir, ran)
        let v = await s.run(through: "alpha")
        await s.close()
        #expect(v.outcome == .passed)
        #expect(v.ran.last == "alpha.validate")
        #expect(!ran.values.contains("beta.columns"))
    }

    @Test func failureStopsTheRunAndRetryResumesThere() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s1 = try SessionFixture.session(dir, ran, fail: ["alpha.check"])
        let v1 = await s1.run(through: nil)
        await s1.close()
        #expect(v1.outcome == .failed)
        #expect(v1.reason?.contains("alpha.check") == true)
        #expect(v1.reason?.contains("planned failure") == true)
        let ran2 = StringLog()
        let s2 = try SessionFixture.session(dir, ran2)
        let v2 = await s2.run(through: nil)
        await s2.close()
        #expect(v2.outcome == .passed)
        #expect(ran2.values == ["alpha.check", "alpha.validate", "beta.columns"])
        #expect(await s2.runState.step("alpha.check").attempt == 2)
    }

    @Test func missingExecutorFailsClearly() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s = try SessionFixture.session(dir, ran, omit: .sql)
        let v = await s.run(through: nil)
        await s.close()
        #expect(v.outcome == .failed)
        #expect(v.reason?.contains("not implemented in this build") == true)
        #expect(await s.runState.step("alpha.create").failure?.code == "not-implemented")
    }

    @Test func headlessWithoutOperatorStopsAtTheFirstManualItem() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        var r = SessionFixture.registry(ran)
        r.register(.signoff, SignoffExecutor(operatorName: nil))
        var config = MigrationConfig(source: "host=/nowhere dbname=fixture")
        config.workDir = dir.path
        let s = try MigrationSession(
            plan: try Fixture.goodPlan(), config: config, assets: Fixture.assets("good"),
            registry: r, workDir: dir)
        let v = await s.run(through: nil)
        await s.close()
        #expect(v.outcome == .failed)
        #expect(v.reason?.contains("list.sign") == true)
        #expect(await s.runState.step("list.sign").failure?.fix?.contains("--sign-off-as") == true)
    }

    @Test func secondInstanceIsRefusedNamingTheHolder() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        let s1 = try SessionFixture.session(dir, ran)
        let error = try #require(throws: WorkDirectoryLocked.self) { try SessionFixture.session(dir, ran) }
        #expect(error.holder?.pid == getpid())
        #expect(error.description.contains("pid \(getpid())"))
        await s1.close()
        let s3 = try SessionFixture.session(dir, ran)  // free again after close
        await s3.close()
    }

    @Test func optionalFailingStepWarnsAndTheRunContinues() async throws {
        let dir = Fixture.tempDir()
        let ran = StringLog()
        var plan = try Fixture.goodPlan()
        plan.stages[1].steps[1].required = false  // alpha.check
        var config = MigrationConfig(source: "host=/nowhere dbname=fixture")
        config.workDir = dir.path
        let s = try MigrationSession(
            plan: plan, config: config, assets: Fixture.assets("good"),
            registry: SessionFixture.registry(ran, fail: ["alpha.check"]), workDir: dir)
        let v = await s.run(through: nil)
        await s.close()
        #expect(v.outcome == .warned)
        #expect(v.reason?.contains("alpha.check") == true)
        #expect(v.ran == SessionFixture.order)
        #expect(await s.runState.step("alpha.check").status == .failed)
    }
}
