import Foundation
import MigrationCore

/// One line of the live panel's item list: a name and its progress.
struct LiveRow: Equatable {
    var name: String
    var item: ItemProgress
    /// Counted statements, not timed work: no rate, no ETA.
    var counted: Bool { item.unit == "statements" }
}

/// The live panel's item list: one row per table with its name. The server's view of the same
/// work (`ItemProgress.isServer`: `server: <relation>: <operation>`) is folded into that table's
/// row (it lags the tool's own count, so a second row would show fewer rows "done"); server work
/// on a table without a row of its own (an index build) gets a row named after that table.
enum LiveRows {
    /// - Parameters: st: the step; expected: the legacy rows behind a transform's table name.
    static func rows(_ st: StepState, expected: (String) -> Int64? = { _ in nil }) -> [LiveRow] {
        let own = Set(st.items.filter { !$0.isServer }.map(\.item))
        return st.items.compactMap { it in
            if let (table, op) = server(it.item) {
                return own.contains(table) ? nil : LiveRow(name: "\(table) \(op)", item: it)
            }
            if let table = writtenTable(it.item) {
                var shown = it
                shown.total = it.total ?? expected(table)
                return LiveRow(name: "\(table) rows", item: shown)
            }
            return LiveRow(name: it.item, item: it)
        }
    }

    /// (table, operation) of a server item: `server: migration_stage."persons": COPY FROM`.
    static func server(_ item: String) -> (String, String)? {
        guard item.hasPrefix(ItemProgress.serverPrefix) else { return nil }
        let rest = item.dropFirst(ItemProgress.serverPrefix.count)
        guard let sep = rest.range(of: ": ") else { return (String(rest), "") }
        let relation = rest[..<sep.lowerBound]
        let table = (relation.split(separator: ".").last.map(String.init) ?? String(relation))
            .trimmingCharacters(in: .init(charactersIn: "\""))
        return (table, String(rest[sep.upperBound...]))
    }

    /// The target table of a transform's `<file> rows written` item (`sql/migration/20_persons.sql`: persons).
    static func writtenTable(_ item: String) -> String? {
        guard item.hasSuffix(" rows written") else { return nil }
        let file = item.dropLast(" rows written".count).split(separator: "/").last ?? ""
        let base = file.hasSuffix(".sql") ? file.dropLast(4) : file
        let digits = base.prefix { $0.isNumber }
        return String(
            !digits.isEmpty && base.dropFirst(digits.count).first == "_" ? base.dropFirst(digits.count + 1) : base)
    }
}

extension WizardState {
    /// Legacy rows copied for the table a transform writes (`education_groups` reads
    /// `education_group`), from the transfer step of this run, when it is known.
    func legacyRows(for table: String) -> Int64? {
        let copied = allSteps.filter { $0.kind == .transfer }.flatMap { run.step($0.id).items.filter { !$0.isServer } }
        let match = copied.filter { table == $0.item || (table.hasPrefix($0.item) && table.count - $0.item.count <= 1) }
        return match.max { $0.item.count < $1.item.count }?.total
    }
}
