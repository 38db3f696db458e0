import Foundation

/// Two renames that swap which database carries the live name:
/// `live` → `retireAs`, then `incoming` → `live`.
/// Cutover is `edu → edu_legacy, edu_new → edu`; the fast rollback is `edu → edu_new, edu_legacy → edu`;
/// the slow rollback is `edu → <retired>, edu_restore_<ts> → edu`.
public struct DatabaseSwap: Sendable, Equatable, Codable {
    /// The name the application connects to (`edu`).
    public var live: String
    /// The name the database currently called `live` gets.
    public var retireAs: String
    /// The database that takes over the live name.
    public var incoming: String

    public init(live: String, retireAs: String, incoming: String) {
        self.live = live
        self.retireAs = retireAs
        self.incoming = incoming
    }
}

/// What `pg_database` says about the three names: which exist and which refuse connections.
public struct DatabaseSnapshot: Sendable, Equatable {
    public var existing: Set<String>
    /// Databases with `datallowconn = false`.
    public var blocked: Set<String>

    public init(existing: Set<String>, blocked: Set<String> = []) {
        self.existing = existing
        self.blocked = blocked
    }
}

/// How far a swap got, derived from the database names alone (so a crash at any point is visible).
public enum SwapProgress: String, Sendable, Equatable, Codable {
    /// `live` and `incoming` exist, `retireAs` does not.
    case notStarted = "not-started"
    /// The first rename happened: `retireAs` and `incoming` exist, `live` does not.
    case liveRetired = "live-retired"
    /// Both renames happened: `live` and `retireAs` exist, `incoming` does not.
    case renamed
}

/// The next thing to do against the server.
public enum SwapAction: Sendable, Equatable {
    /// `ALTER DATABASE x WITH ALLOW_CONNECTIONS false` for each.
    case blockConnections([String])
    /// `pg_terminate_backend` for every other session on these databases.
    case terminateSessions([String])
    case rename(from: String, to: String)
    /// `ALTER DATABASE x WITH ALLOW_CONNECTIONS true` for each.
    case allowConnections([String])
    /// Nothing left: both renames done and connections allowed again.
    case finished
    /// The names are in a state no swap produces; the message says what was found.
    case inconsistent(String)
}

/// The swap as a value-type state machine: observe `pg_database`, ask for the next action,
/// perform it, record it, repeat. Re-running after a crash at any point resumes correctly because
/// progress is read from the server's catalogue, not from memory.
public struct SwapMachine: Sendable, Equatable {
    public let swap: DatabaseSwap
    /// Sessions are terminated once per run, after blocking and before the first rename this run does.
    public private(set) var terminated: Bool = false

    public init(swap: DatabaseSwap) { self.swap = swap }

    /// Which state the names are in, or nil when inconsistent.
    public func progress(_ s: DatabaseSnapshot) -> SwapProgress? {
        let (l, r, i) = (
            s.existing.contains(swap.live), s.existing.contains(swap.retireAs), s.existing.contains(swap.incoming)
        )
        switch (l, r, i) {
        case (true, false, true): return .notStarted
        case (false, true, true): return .liveRetired
        case (true, true, false): return .renamed
        default: return nil
        }
    }

    /// The next action for this snapshot.
    public func next(_ s: DatabaseSnapshot) -> SwapAction {
        guard let progress = progress(s) else { return .inconsistent(describe(s)) }
        let involved: [String]
        switch progress {
        case .notStarted: involved = [swap.live, swap.incoming]
        case .liveRetired: involved = [swap.incoming, swap.retireAs]
        case .renamed:
            let stillBlocked = [swap.live, swap.retireAs].filter(s.blocked.contains)
            return stillBlocked.isEmpty ? .finished : .allowConnections(stillBlocked)
        }
        let open = involved.filter { !s.blocked.contains($0) }
        if !open.isEmpty { return .blockConnections(open) }
        if !terminated { return .terminateSessions(involved) }
        return progress == .notStarted
            ? .rename(from: swap.live, to: swap.retireAs)
            : .rename(from: swap.incoming, to: swap.live)
    }

    /// Records that `action` was performed.
    public mutating func performed(_ action: SwapAction) {
        if case .terminateSessions = action { terminated = true }
    }

    private func describe(_ s: DatabaseSnapshot) -> String {
        let found = [swap.live, swap.retireAs, swap.incoming].map {
            "\($0) \(s.existing.contains($0) ? "exists" : "missing")"
        }
        var text =
            "database names are in no state a swap \(swap.live)→\(swap.retireAs), \(swap.incoming)→\(swap.live) "
            + "produces: " + found.joined(separator: ", ")
        if s.existing.contains(swap.live) && s.existing.contains(swap.retireAs) && s.existing.contains(swap.incoming) {
            text +=
                ". A database named \(swap.retireAs) already exists: drop or rename it (or configure another name) first"
        }
        return text
    }
}
