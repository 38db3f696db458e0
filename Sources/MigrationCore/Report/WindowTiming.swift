import Foundation

/// The maintenance window, timed from the journal: from the start of the `maintenance_on` hook
/// step to the end of the `maintenance_off` one, with its parts (final backup, freeze and
/// compare, final sync, cutover, the rest). Also its prediction from the rehearsal (phases 1-4),
/// which is what the DBA announces before the window.
public struct WindowTiming: Sendable, Equatable {
    public var openedAt: Date?
    /// Nil while the window is open.
    public var closedAt: Date?
    /// Seconds per part, in the order they ran.
    public var parts: [(name: String, seconds: Double)]

    public static func == (a: WindowTiming, b: WindowTiming) -> Bool {
        a.openedAt == b.openedAt && a.closedAt == b.closedAt && a.parts.map(\.name) == b.parts.map(\.name)
            && a.parts.map(\.seconds) == b.parts.map(\.seconds)
    }

    /// Downtime so far (to `now` while open).
    public func seconds(now: Date = Date()) -> Double? {
        openedAt.map { (closedAt ?? now).timeIntervalSince($0) }
    }

    /// The window as the journal tells it; nil before maintenance mode was switched on.
    public static func measure(_ run: RunState, plan: Plan) -> WindowTiming? {
        guard let (stage, on, off) = window(plan), let opened = run.step(on.id).startedAt else { return nil }
        let offState = run.step(off.id)
        let closed =
            offState.status.isDone ? offState.startedAt.map { $0.addingTimeInterval(offState.seconds ?? 0) } : nil
        var parts: [(String, Double)] = []
        var rest = 0.0
        for s in stage.steps {
            guard let secs = run.step(s.id).seconds else { continue }
            switch s.kind {
            case .backup, .verifyBackup: add(&parts, "final backup", secs)
            case .freeze: add(&parts, "freeze and compare", secs)
            case .sync:
                add(&parts, "final sync (phases 3-4)", syncSpan(s, run: run, plan: plan, opened: opened) ?? secs)
            case .cutover: add(&parts, "cutover", secs)
            case .monitor: break  // after the window
            default: rest += secs
            }
        }
        if rest > 0 { parts.append(("hooks and checks", rest)) }
        return WindowTiming(openedAt: opened, closedAt: closed, parts: parts)
    }

    /// What the rehearsal predicts: the phase 1 backup and its check, the cutover, and the final
    /// sync (the last run of the sync's stages) when the legacy database changes in between.
    /// - Returns: seconds without a final sync and with one; nil before phase 1 ran a backup.
    public static func predict(_ run: RunState, plan: Plan) -> (withoutSync: Double, withSync: Double)? {
        guard let (stage, _, _) = window(plan) else { return nil }
        let backups = plan.stages.filter { $0.id != stage.id }.flatMap(\.steps)
            .filter { $0.kind == .backup || $0.kind == .verifyBackup }.compactMap { run.step($0.id).seconds }
        guard !backups.isEmpty else { return nil }
        let syncStages = stage.steps.first { $0.kind == .sync }.map { $0.list("stages") } ?? []
        let sync = plan.stages.filter { syncStages.contains($0.id) }.flatMap(\.steps).compactMap {
            run.step($0.id).seconds
        }.reduce(0, +)
        let base = backups.max() ?? 0
        return (base, base + sync)
    }

    /// The final sync's wall time: from the first start to the last end of the sync step and of
    /// the steps of its stages that ran inside the window (after a restart `run` resumes them on
    /// its way, outside the sync step, and they run side by side in the graph).
    private static func syncSpan(_ sync: Step, run: RunState, plan: Plan, opened: Date) -> Double? {
        let ids = [sync.id] + plan.stages.filter { sync.list("stages").contains($0.id) }.flatMap(\.steps).map(\.id)
        let spans = ids.compactMap { id -> (Date, Date)? in
            let st = run.step(id)
            guard let start = st.startedAt, start >= opened, let secs = st.seconds else { return nil }
            return (start, start.addingTimeInterval(secs))
        }
        guard let first = spans.map(\.0).min(), let last = spans.map(\.1).max() else { return nil }
        return last.timeIntervalSince(first)
    }

    private static func add(_ parts: inout [(String, Double)], _ name: String, _ secs: Double) {
        if let i = parts.firstIndex(where: { $0.0 == name }) { parts[i].1 += secs } else { parts.append((name, secs)) }
    }

    /// The stage holding the `maintenance_on` and `maintenance_off` hook steps (the deployment phase).
    private static func window(_ plan: Plan) -> (Stage, Step, Step)? {
        for stage in plan.stages where stage.kind == .phase {
            if let on = stage.steps.first(where: { $0.kind == .command && $0.param("hook") == "maintenance_on" }),
                let off = stage.steps.first(where: { $0.kind == .command && $0.param("hook") == "maintenance_off" })
            {
                return (stage, on, off)
            }
        }
        return nil
    }
}
