import Foundation
import Postgres

/// What the documented rules (headers of Assets/sql/migration/20_persons.sql and 21_accounts.sql)
/// say the migration must do, computed here from the legacy rows, independently of the SQL.
enum Expected {
    /// A value that is NULL or only blanks counts as missing.
    static func present(_ s: String?) -> String? {
        guard let s, !s.btrim.isEmpty else { return nil }
        return s
    }

    /// The person dedup key: normalized pincode, else normalized name + birthdate, else the row itself.
    static func personKey(_ p: Row) -> String {
        if let pin = present(p["pincode"]) { return "P" + pin.btrim.lowercased() }
        if let f = present(p["firstname"]), let l = present(p["lastname"]), let b = p["birthdate"] {
            return "N" + f.btrim.lowercased() + "|" + l.btrim.lowercased() + "|" + b
        }
        return "I" + (p["id"] ?? "")
    }

    /// Both names present (firstname and lastname are required).
    static func named(_ p: Row) -> Bool { present(p["firstname"]) != nil && present(p["lastname"]) != nil }

    /// Non-missing fields among the ones the survivor rule counts.
    static func filled(_ p: Row) -> Int {
        ["firstname", "lastname", "pincode"].filter { present(p[$0]) != nil }.count
            + ["patronymic", "gender_id", "birthdate", "citizenship_id"].filter { p[$0] != nil }.count
    }

    /// The survivor of a duplicate group: named first, then most fields filled, then lowest id;
    /// nil when no row of the group has both names (the whole group is rejected).
    static func survivor(_ group: [Row]) -> Row? {
        let best = group.min { a, b in
            if named(a) != named(b) { return named(a) }
            if filled(a) != filled(b) { return filled(a) > filled(b) }
            return (a.int("id") ?? 0) < (b.int("id") ?? 0)
        }
        return best.flatMap { named($0) ? $0 : nil }
    }

    /// Legacy persons grouped by dedup key.
    static func personGroups(_ persons: [Row]) -> [String: [Row]] {
        Dictionary(grouping: persons, by: personKey)
    }

    /// Legacy person id → surviving person id (nil when rejected).
    static func personSurvivors(_ persons: [Row]) -> [Int: Int] {
        var out: [Int: Int] = [:]
        for (_, g) in personGroups(persons) {
            guard let s = survivor(g)?.int("id") else { continue }
            for p in g { if let id = p.int("id") { out[id] = s } }
        }
        return out
    }

    /// The outcome the account rules give one legacy account.
    enum AccountOutcome: Equatable {
        case rejected
        case merged(into: Int)
        case kept(username: String)
    }

    /// Outcomes of every legacy account, given the surviving person of each legacy person id.
    static func accounts(_ accounts: [Row], personSurvivor: [Int: Int]) -> [Int: AccountOutcome] {
        var out: [Int: AccountOutcome] = [:]
        var ok: [(id: Int, person: Int, username: String)] = []
        for a in accounts {
            guard let id = a.int("id") else { continue }
            guard let pid = a.int("person_id"), let person = personSurvivor[pid], let u = present(a["username"]) else {
                out[id] = .rejected
                continue
            }
            ok.append((id, person, u.btrim))
        }
        let keys = Set(ok.map { $0.username.lowercased() })
        for (_, group) in Dictionary(grouping: ok, by: { $0.username.lowercased() }) {
            let keeper = group.min { $0.id < $1.id }!
            for (_, same) in Dictionary(grouping: group, by: \.person) {
                let survivor = same.min { $0.id < $1.id }!
                for a in same where a.id != survivor.id { out[a.id] = .merged(into: survivor.id) }
                if survivor.person == keeper.person {
                    out[survivor.id] = .kept(username: survivor.username)
                } else {
                    let renamed = survivor.username + "_" + String(survivor.id)
                    let taken = keys.contains(renamed.lowercased())
                    out[survivor.id] = .kept(
                        username: taken ? survivor.username + "_legacy" + String(survivor.id) : renamed)
                }
            }
        }
        return out
    }
}
