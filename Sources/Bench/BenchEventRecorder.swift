import Foundation
import MigrationCore

/// A session sink that keeps what the bench needs to say where the time went: statement labels
/// with their times, step ends with their seconds, and the transfer's row counts. Progress
/// events are ignored, so it stays small whatever the scale.
final class BenchEventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    /// Reads CPU seconds at each step's start and end, so each step says how many cores it kept
    /// busy. Steps of a graph stage run side by side: the CPU spent between two readings is shared
    /// equally by the steps running then. nil: wall time only.
    private let meter: BenchCPUMeter?
    private var lastCPU: Double?
    private var runningSteps: [String] = []
    private var stepCPU: [String: Double] = [:]
    private var fingerprints: (seconds: Double, megabytes: Double)?

    init(meter: BenchCPUMeter? = nil) { self.meter = meter }
    private var statements: [(step: String, label: String, at: Date)] = []
    private var stepEnds: [(step: String, at: Date, seconds: Double)] = []
    /// When each SQL file of a step finished (its last statements progress event): the files
    /// of one wave run side by side, so a statement ends at the next one of its own file.
    private var fileEnds: [(step: String, file: String, at: Date)] = []
    private var transferRows: Int64 = 0
    private var failures: [String] = []

    /// Called synchronously by the hub for every record.
    func record(_ r: EventRecord) {
        switch r.event {
        case .stepStarted(let step, _):
            chargeCPU {
                $0.append(step)
                stepCPU[step] = 0
            }
        case .log(let step?, _, let message)
        where step.hasSuffix(".transfer") && message.contains("s of hashing"):
            let secs = message.range(of: "[0-9.]+(?= s of hashing)", options: .regularExpression).flatMap {
                Double(message[$0])
            }
            let mb = message.range(of: "[0-9.]+(?= MB of COPY text)", options: .regularExpression).flatMap {
                Double(message[$0])
            }
            lock.withLock { fingerprints = secs.map { ($0, mb ?? 0) } }
        case .statement(let step, let label):
            lock.withLock { statements.append((step, label, r.at)) }
        case .progress(let step, let item?, let done, let total, let unit)
        where unit == "statements" && total != nil && done == total:
            lock.withLock { fileEnds.append((step, item, r.at)) }
        case .stepFinished(let step, _, let seconds):
            chargeCPU { $0.removeAll { $0 == step } }
            lock.withLock { stepEnds.append((step, r.at, seconds)) }
        case .stepFailed(let step, let failure, let seconds):
            chargeCPU { $0.removeAll { $0 == step } }
            lock.withLock {
                stepEnds.append((step, r.at, seconds))
                failures.append("\(step): \(failure.message)" + (failure.sqlState.map { " (SQLSTATE \($0))" } ?? ""))
            }
        case .result(let step, let table) where step.hasSuffix(".transfer"):
            guard let col = table.columns.firstIndex(of: "rows") else { return }
            let n = table.rows.reduce(Int64(0)) { $0 + (col < $1.count ? Int64($1[col]) ?? 0 : 0) }
            lock.withLock { transferRows += n }
        default: return
        }
    }

    /// Shares the CPU spent since the last reading among the steps running until now, then
    /// changes the running set (a retried step: its last attempt counts).
    private func chargeCPU(_ change: (inout [String]) -> Void) {
        let cpu = meter?.seconds()
        lock.withLock {
            if let cpu, let last = lastCPU, !runningSteps.isEmpty {
                let share = max(0, cpu - last) / Double(runningSteps.count)
                for s in runningSteps { stepCPU[s, default: 0] += share }
            }
            if cpu != nil { lastCPU = cpu }
            change(&runningSteps)
        }
    }

    /// The transfer relay's estimated seconds of hashing and the MB it hashed (its log line).
    var fingerprintHashing: (seconds: Double, megabytes: Double)? { lock.withLock { fingerprints } }

    /// Legacy rows the transfer step streamed into staging.
    var rowsTransferred: Int64 { lock.withLock { transferRows } }

    /// Failure messages of failed steps, in order.
    var failureMessages: [String] { lock.withLock { failures } }

    /// Seconds per step, slowest first.
    func stepTimings() -> [BenchTiming] {
        lock.withLock { stepEnds.map { BenchTiming(name: $0.step, seconds: $0.seconds, cpuSeconds: stepCPU[$0.step]) } }
            .sorted { $0.seconds > $1.seconds }
    }

    /// Seconds per statement (until the next statement of the same step and file, the file's end
    /// or the step's end), slowest first.
    func statementTimings() -> [BenchTiming] {
        let (sts, ends, files) = lock.withLock { (statements, stepEnds, fileEnds) }
        var out: [BenchTiming] = []
        // Per file only for files that report their end (SqlRunner's); the transfer's labels
        // name 05_legacy_keys.sql but run in turn with its COPYs.
        func lane(_ s: (step: String, label: String, at: Date)) -> String? {
            Self.file(of: s.label).flatMap { f in files.contains { $0.step == s.step && $0.file == f } ? f : nil }
        }
        for (i, st) in sts.enumerated() {
            let file = lane(st)
            let next = sts[(i + 1)...].first { $0.step == st.step && lane($0) == file }?.at
            let fileEnd = file.flatMap { f in files.first { $0.step == st.step && $0.file == f && $0.at >= st.at }?.at }
            let end = next ?? fileEnd ?? ends.first { $0.step == st.step && $0.at >= st.at }?.at ?? st.at
            out.append(BenchTiming(name: "\(st.step): \(st.label)", seconds: end.timeIntervalSince(st.at)))
        }
        return out.sorted { $0.seconds > $1.seconds }
    }

    /// The SQL file of a statement label (`sql/x.sql:12 label`), nil for other labels (COPY …).
    static func file(of label: String) -> String? {
        guard let colon = label.firstIndex(of: ":") else { return nil }
        let f = String(label[..<colon])
        return f.hasSuffix(".sql") ? f : nil
    }
}
