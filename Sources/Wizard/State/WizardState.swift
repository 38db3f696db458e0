import Foundation
import MigrationCore

/// A screen on the navigation stack.
public enum Screen: Sendable, Equatable {
    case start
    case overview
    case checklist(String)
    case phase(String)
    /// Results of one step.
    case reader(String)
    /// Help for the screen kind it was opened from.
    case help(ScreenKind)
    /// The guide's success criteria, judged from the events so far.
    case criteria

    /// The key-table kind of this screen.
    public var kind: ScreenKind {
        switch self {
        case .start: return .start
        case .overview: return .overview
        case .checklist: return .checklist
        case .phase: return .phase
        case .reader: return .reader
        case .help: return .help
        case .criteria: return .criteria
        }
    }

    /// A stable key for per-screen cursors.
    var key: String {
        switch self {
        case .start: return "start"
        case .overview: return "overview"
        case .checklist(let s): return "checklist:\(s)"
        case .phase(let s): return "phase:\(s)"
        case .reader(let s): return "reader:\(s)"
        case .help(let k): return "help:\(k.rawValue)"
        case .criteria: return "criteria"
        }
    }
}

/// What the start screen shows about the environment (from the command line / config).
public struct StartInfo: Sendable, Equatable {
    public var source: String
    public var targetDatabase: String
    public var workDir: String
    /// The database name typed to confirm destructive steps (the legacy database).
    public var confirmName: String
    /// The start-up connection test: the server version when it connected.
    public var server: String?
    /// The start-up connection test: why it could not connect.
    public var serverProblem: String?

    public init(
        source: String = "", targetDatabase: String = "edu_new", workDir: String = "./edu_migration",
        confirmName: String? = nil
    ) {
        self.source = source
        self.targetDatabase = targetDatabase
        self.workDir = workDir
        self.confirmName = confirmName ?? StartInfo.databaseName(in: source) ?? "edu"
    }

    /// `dbname=` of a conninfo string, or the path of a URI.
    static func databaseName(in conninfo: String) -> String? {
        if conninfo.hasPrefix("postgres") {
            return URLComponents(string: conninfo).flatMap { c in
                let p = c.path.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                return p.isEmpty ? nil : p
            }
        }
        for part in conninfo.split(separator: " ") where part.hasPrefix("dbname=") {
            return String(part.dropFirst(7))
        }
        return nil
    }
}

/// Everything the wizard shows, as a value. Updated only by `WizardState.handle(_:)`.
public struct WizardState: Sendable, Equatable {
    public var plan: Plan
    public var run = RunState()
    /// The durable events seen so far (success criteria and the health watch are computed from them).
    public var history = EventHistory()
    public var info: StartInfo
    public var screens: [Screen] = [.start]
    public var dialog: Dialog?
    /// Asked once, then used for every sign-off and override.
    public var operatorName: String?
    public var size: TermSize
    /// Selected row per screen key.
    public var cursor: [String: Int] = [:]
    /// Focused panel / table per screen key.
    public var focus: [String: Int] = [:]
    /// Horizontal scroll of readers.
    public var hscroll: [String: Int] = [:]
    /// The clock used for elapsed times (updated by `.clock`).
    public var now: Date
    /// A one-line note for the status line (gate closed, nothing running, ...).
    public var message: String?
    /// Lines scrolled back in the phase screen's log panel (0 follows the newest line).
    public var logScroll = 0
    /// Help toggled on the "terminal too small" screen.
    public var smallHelp = false
    /// The phase screen follows the running work (like `less +F`) until the operator moves the
    /// cursor away; `f` follows again.
    public var follow = true
    /// The step that started last.
    public var lastRun: String?
    /// Manual items the core is waiting for now (from its "waiting for the operator" lines).
    public var awaitingSignOff: [String] = []
    /// The lowest log level shown (debug hidden by default).
    public var logLevel: LogLevel = .info
    /// Search text ("/") per screen key; the log's under `logSearchKey`.
    public var search: [String: String] = [:]
    /// Column sort per reader table (`sortKey`).
    public var sort: [String: ColumnSort] = [:]
    /// Where the operator's name is kept between runs (the work directory's `operator.name`).
    public var operatorFile: URL?

    /// - Parameters: plan: the plan being run; info: start-screen facts; size: terminal size.
    public init(
        plan: Plan, info: StartInfo = StartInfo(), size: TermSize = TermSize(rows: 24, cols: 80),
        now: Date = Date()
    ) {
        self.plan = plan
        self.info = info
        self.size = size
        self.now = now
    }

    /// The screen on top of the stack.
    public var screen: Screen { screens.last ?? .start }

    /// True below 80x24.
    public var tooSmall: Bool { size.rows < 24 || size.cols < 80 }

    /// The key-table kind that receives keys now.
    public var activeKind: ScreenKind {
        if dialog != nil { return .dialog }
        return tooSmall ? .tooSmall : screen.kind
    }

    /// The selected row of the current screen.
    public var selected: Int { cursor[screen.key] ?? 0 }
}

/// A reader table's sort: by which column, which way.
public struct ColumnSort: Sendable, Equatable {
    public var column: Int
    public var descending = false
}

/// What the reducer consumes.
public enum Input: Sendable, Equatable {
    case key(Key)
    case resize(TermSize)
    case event(EventRecord)
    /// Time passes (elapsed times, ETAs).
    case clock(Date)
}

/// What the reducer asks the app to do.
public enum Effect: Sendable, Equatable {
    case send(MigrationCommand)
    case quit
    /// Repaint everything (Ctrl-L).
    case redraw
    /// Give the terminal back and stop the process (Ctrl-Z); redraw on SIGCONT.
    case suspend
    /// Keep the operator's name for the next run of this work directory.
    case saveOperator(String)
}
