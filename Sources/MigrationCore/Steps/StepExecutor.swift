import Foundation
import Postgres

// CONTRACT (skeleton): the runner builds a StepContext per step and calls the executor
// registered for the step's kind. Executors are written once per kind, generically.

/// Which database a step talks to.
public enum DatabaseRole: String, Sendable, Codable {
    /// The legacy database, always opened read-only.
    case source
    /// The new database (`target_database`).
    case target
    /// The maintenance database (`postgres`) on the same server: CREATE/ALTER/DROP DATABASE.
    case admin
}

/// Everything a step may use. Connections opened through it are cancelled with the step.
public struct StepContext: Sendable {
    public var config: MigrationConfig
    /// Root of the Assets directory (plan YAML and SQL files).
    public var assets: URL
    /// The work directory (journal, log, report, artifacts).
    public var workDir: URL
    /// The step's attempt number, 1 for the first run.
    public var attempt: Int
    /// Publish an event (progress, log, check result, result table, statement label).
    public var emit: @Sendable (MigrationEvent) -> Void
    /// Opens (or reuses) a connection for a role; registered for cancellation.
    public var connect: @Sendable (DatabaseRole) async throws -> Connection
    /// Stores a small Codable artifact in the work dir (e.g. pre-migration counts, backup paths).
    public var saveArtifact: @Sendable (_ name: String, _ json: Data) throws -> Void
    /// Loads an artifact saved by an earlier step (this run or a resumed one).
    public var loadArtifact: @Sendable (_ name: String) -> Data?
    /// True once the operator asked to cancel; long loops check it between chunks.
    public var isCancelled: @Sendable () -> Bool
    /// Opens one more connection for a role (work run side by side with `connect`'s), cancelled
    /// and closed with the step; nil where the front end offers none (then side-by-side work runs in turn).
    public var connectAnother: (@Sendable (DatabaseRole) async throws -> Connection)?
    /// The whole plan, for executors that act on other steps or stages by kind or role (never by id).
    public var plan: Plan?

    public init(
        config: MigrationConfig, assets: URL, workDir: URL, attempt: Int,
        emit: @escaping @Sendable (MigrationEvent) -> Void,
        connect: @escaping @Sendable (DatabaseRole) async throws -> Connection,
        saveArtifact: @escaping @Sendable (String, Data) throws -> Void,
        loadArtifact: @escaping @Sendable (String) -> Data?,
        isCancelled: @escaping @Sendable () -> Bool,
        connectAnother: (@Sendable (DatabaseRole) async throws -> Connection)? = nil, plan: Plan? = nil
    ) {
        self.config = config
        self.assets = assets
        self.workDir = workDir
        self.attempt = attempt
        self.emit = emit
        self.connect = connect
        self.saveArtifact = saveArtifact
        self.loadArtifact = loadArtifact
        self.isCancelled = isCancelled
        self.connectAnother = connectAnother
        self.plan = plan
    }

    /// A file under Assets, e.g. `sql/target/02_core_schema.sql`.
    public func asset(_ relativePath: String) -> URL { assets.appendingPathComponent(relativePath) }

    /// The text of a file under Assets.
    /// - Throws: `StepFailure` (`missing-file`) naming the file and the fix.
    public func assetText(_ relativePath: String) throws -> String {
        guard let text = AssetText.read(relativePath, assets: assets) else {
            throw StepFailure(
                code: "missing-file", message: "cannot read \(relativePath) (\(asset(relativePath).path))",
                location: relativePath,
                fix: "check the Assets directory is complete (EDU_MIGRATE_ASSETS points at it)")
        }
        return text
    }
}

/// Runs steps of one kind. Throw `StepFailure` (or `PostgresError`, which the runner converts)
/// to fail; return `.warned` for a pass with warnings.
public protocol StepExecutor: Sendable {
    /// - Parameters:
    ///   - step: the step from the plan, with its params.
    ///   - context: connections, events, artifacts, cancellation.
    /// - Returns: `.passed` or `.warned`.
    /// - Throws: `StepFailure` with code, message, SQLSTATE, location and fix.
    func run(_ step: Step, context: StepContext) async throws -> StepOutcome
}
