import Foundation
import Postgres
import Testing
import TestSupport

/// Duplicate persons and accounts: merged into the documented survivor, references remapped.
@Suite(.requiresPostgres, .tags(.postgres)) struct MergeTests {
    static let personColumns =
        "id, firstname, lastname, patronymic, gender_id, birthdate, pincode, citizenship_id, create_date, update_date"

    struct Ledger {
        let merged: [Int: (survivor: Int, rule: String)]
        let rejected: [Int: (reason: String, row: Row)]
    }

    static func ledger(_ run: RunOutcome, _ table: String) async throws -> Ledger {
        var merged: [Int: (Int, String)] = [:]
        var rejected: [Int: (String, Row)] = [:]
        for r in try await DB.rows(
            run.targetConninfo,
            "SELECT source_id, survivor_id, rule FROM migration_audit.merged_rows WHERE source_table = $1", [table])
        {
            if let id = r.int("source_id"), let s = r.int("survivor_id") { merged[id] = (s, r["rule"] ?? "") }
        }
        for r in try await DB.rows(
            run.targetConninfo,
            "SELECT source_id, reason, row_data::text AS row_data FROM migration_audit.rejected_rows WHERE source_table = $1",
            [table])
        {
            if let id = r.int("source_id") { rejected[id] = (r["reason"] ?? "", r) }
        }
        return Ledger(merged: merged, rejected: rejected)
    }

    /// Duplicate groups of one kind (key prefix P = pincode, N = name + birthdate) agree with the ledger.
    func checkGroups(prefix: String, rule: String) async throws -> Int {
        let run = try await World.shared.main()
        let persons = try await DB.rows(run.sourceConninfo, "SELECT \(Self.personColumns) FROM persons")
        let target = try await DB.byID(run.targetConninfo, "SELECT id, pincode, firstname, lastname FROM persons")
        let ledger = try await Self.ledger(run, "persons")
        var groups = 0
        for (key, g) in Expected.personGroups(persons) where key.hasPrefix(prefix) && g.count > 1 {
            guard let survivor = Expected.survivor(g), let sid = survivor.int("id") else { continue }
            groups += 1
            #expect(
                target[sid] != nil,
                "\(key): survivor \(sid) (documented rule) is not in the target; members \(g.compactMap { $0.int("id") })"
            )
            for p in g where p.int("id") != sid {
                let id = p.int("id") ?? -1
                #expect(target[id] == nil, "\(key): duplicate \(id) kept next to survivor \(sid)")
                #expect(
                    ledger.merged[id]?.survivor == sid,
                    "\(key): \(id) merged into \(ledger.merged[id]?.survivor ?? -1), expected \(sid)")
                #expect(
                    ledger.merged[id]?.rule.contains(rule) == true, "\(id): rule '\(ledger.merged[id]?.rule ?? "")'")
            }
            if prefix == "P", let pin = target[sid]?["pincode"] {
                #expect(
                    pin.lowercased() == String(key.dropFirst()) && pin == pin.btrim,
                    "\(sid): pincode '\(pin)' not normalized")
            }
        }
        return groups
    }

    @Test func pincodeDuplicatesDifferingInCaseOrBlanksAreMerged() async throws {
        let groups = try await checkGroups(prefix: "P", rule: "pincode")
        #expect(groups >= 10, "only \(groups) pincode duplicate groups in the seeded data")
        let run = try await World.shared.main()
        let dupKeys = try await DB.rows(
            run.targetConninfo,
            "SELECT lower(btrim(pincode)) FROM persons WHERE pincode IS NOT NULL GROUP BY 1 HAVING count(*) > 1")
        #expect(dupKeys.isEmpty, "normalized pincodes held by more than one person: \(dupKeys.compactMap { $0[0] })")
        let variants = try await DB.scalar(
            run.sourceConninfo,
            """
            SELECT count(*) FROM (SELECT lower(btrim(pincode)) FROM persons WHERE btrim(pincode) <> ''
                                  GROUP BY 1 HAVING count(DISTINCT pincode) > 1) g
            """)
        #expect((Int(variants ?? "") ?? 0) >= 5, "the seed should have pincodes differing in case/blanks")
    }

    /// Tests/Fixtures/integration/survivor_rules.sql: groups where the lowest id must NOT survive.
    @Test func survivorIsTheNamedFullestRowNotTheLowestId() async throws {
        let run = try await World.shared.main()
        let persons = try await Self.ledger(run, "persons").merged
        #expect(persons[900001]?.survivor == 900002, "pincode group: the row with more fields survives")
        #expect(
            persons[900003]?.survivor == 900004, "pincode group: the named row survives, the nameless one is merged")
        #expect(persons[900005]?.survivor == 900006, "name + birthdate group: the row with more fields survives")
        let kept = try await DB.byID(
            run.targetConninfo, "SELECT id, pincode, firstname FROM persons WHERE id >= 900000")
        #expect(Set(kept.keys) == [900002, 900004, 900006])
        #expect(kept[900002]?["pincode"]?.lowercased() == "zzzzz01" && kept[900002]?["firstname"] == "rauf")
        #expect(try await Self.ledger(run, "accounts").merged[900002]?.survivor == 900001)
        let accounts = try await DB.byID(
            run.targetConninfo, "SELECT id, person_id, username FROM accounts WHERE id >= 900000")
        #expect(accounts[900001]?.int("person_id") == 900002 && accounts[900001]?["username"] == "rauf.itestov.900")
        #expect(
            accounts[900003]?["username"] == "RAUF.ITESTOV.900_900003" && accounts[900003]?.int("person_id") == 900004)
        #expect(accounts[900004]?["username"] == "collide.me" && accounts[900006]?["username"] == "Collide.Me_900005")
        #expect(
            accounts[900005]?["username"] == "COLLIDE.ME_legacy900005",
            "rename collision: \(accounts[900005]?["username"] ?? "none")")
        #expect(try await DB.scalar(run.targetConninfo, "SELECT account_id FROM users WHERE id = 900001") == "900001")
        #expect(
            try await DB.scalar(
                run.targetConninfo, "SELECT person_id || ' ' || admission_year FROM students WHERE id = 900001")
                == "900004 2021")
        #expect(
            try await DB.scalar(
                run.targetConninfo, "SELECT person_id || ' ' || hire_date FROM teachers WHERE id = 900001")
                == "900006 2020-02-29")
    }

    @Test func nameAndBirthdateDuplicatesAreMerged() async throws {
        let groups = try await checkGroups(prefix: "N", rule: "name")
        #expect(groups >= 10, "only \(groups) name + birthdate duplicate groups in the seeded data")
    }

    @Test func personsWithoutFirstOrLastNameAreRejectedWithTheirRow() async throws {
        let run = try await World.shared.main()
        let persons = try await DB.rows(run.sourceConninfo, "SELECT \(Self.personColumns) FROM persons")
        let survivors = Expected.personSurvivors(persons)
        let ledger = try await Self.ledger(run, "persons")
        let nameless = persons.filter { !Expected.named($0) }
        #expect(nameless.count >= 10)
        var rejected = 0
        for p in nameless {
            let id = p.int("id") ?? -1
            if let s = survivors[id] {  // shares a key with a named person: merged into it, not lost
                #expect(ledger.merged[id]?.survivor == s, "nameless \(id) should be merged into \(s)")
                continue
            }
            rejected += 1
            guard let (reason, row) = ledger.rejected[id] else {
                Issue.record("nameless person \(id) not rejected")
                continue
            }
            let missing = Expected.present(p["firstname"]) == nil ? "firstname" : "lastname"
            #expect(reason.contains(missing) && reason.contains("required"), "\(id): reason '\(reason)'")
            let json = try #require(row["row_data"]).data(using: .utf8)!
            let data = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
            for col in Self.personColumns.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                #expect(
                    data[col] as? String == p[col],
                    "\(id).\(col): row_data \(String(describing: data[col])) vs legacy \(p[col] ?? "NULL")")
            }
        }
        #expect(rejected >= 10)
        #expect(
            ledger.rejected.count == rejected, "rejected persons \(ledger.rejected.keys.sorted()) vs nameless groups")
    }

    @Test func referencesOfMergedPersonsPointToTheSurvivor() async throws {
        let run = try await World.shared.main()
        let merged = try await Self.ledger(run, "persons").merged
        let kept = try await DB.ids(run.targetConninfo, "SELECT id FROM persons")
        let mergedAccounts = try await Self.ledger(run, "accounts").merged
        for table in ["accounts", "students", "teachers"] {
            let extra = table == "accounts" ? ", username" : ""
            let legacy = try await DB.rows(run.sourceConninfo, "SELECT id, person_id\(extra) FROM \(table)")
            let target = try await DB.byID(run.targetConninfo, "SELECT id, person_id FROM \(table)")
            let rejected = try await Self.ledger(run, table).rejected
            var remapped = 0
            for row in legacy {
                guard let id = row.int("id"), let pid = row.int("person_id") else { continue }
                let expected = kept.contains(pid) ? pid : merged[pid]?.survivor
                guard let expected else { continue }  // person rejected or missing: the row is rejected
                if merged[pid] != nil { remapped += 1 }
                if table == "accounts" && Expected.present(row["username"]) == nil {  // rejected for its own reason
                    #expect(rejected[id]?.reason.contains("username") == true, "account \(id) without username")
                    continue
                }
                #expect(
                    rejected[id] == nil,
                    "\(table) \(id) of person \(pid) (survivor \(expected)) was rejected: \(rejected[id]?.reason ?? "")"
                )
                // An account merged as a duplicate username lives on in its survivor.
                let holder = table == "accounts" ? (mergedAccounts[id]?.survivor ?? id) : id
                #expect(
                    target[holder]?.int("person_id") == expected,
                    "\(table) \(id) (legacy person \(pid)): target person_id \(target[holder]?["person_id"] ?? "none"), expected \(expected)"
                )
            }
            #expect(
                remapped >= (table == "teachers" ? 1 : 10), "\(table): only \(remapped) rows referenced a merged person"
            )
        }
    }

    @Test func referencesOfMergedAccountsPointToTheSurvivor() async throws {
        let run = try await World.shared.main()
        let merged = try await Self.ledger(run, "accounts").merged
        let kept = try await DB.ids(run.targetConninfo, "SELECT id FROM accounts")
        let legacy = try await DB.rows(run.sourceConninfo, "SELECT id, account_id FROM users")
        let target = try await DB.byID(run.targetConninfo, "SELECT id, account_id FROM users")
        var remapped = 0
        for row in legacy {
            guard let id = row.int("id"), let aid = row.int("account_id") else { continue }
            guard let expected = kept.contains(aid) ? aid : merged[aid]?.survivor else { continue }
            if merged[aid] != nil { remapped += 1 }
            #expect(
                target[id]?.int("account_id") == expected,
                "user \(id) (legacy account \(aid)): \(target[id]?["account_id"] ?? "none"), expected \(expected)")
        }
        #expect(!merged.isEmpty && remapped >= 5, "\(merged.count) merged accounts, \(remapped) users remapped")
    }

    @Test func duplicateUsernamesFollowTheDocumentedRule() async throws {
        let run = try await World.shared.main()
        let persons = try await DB.rows(run.sourceConninfo, "SELECT \(Self.personColumns) FROM persons")
        let legacy = try await DB.rows(run.sourceConninfo, "SELECT id, person_id, username FROM accounts")
        let expected = Expected.accounts(legacy, personSurvivor: Expected.personSurvivors(persons))
        let target = try await DB.byID(run.targetConninfo, "SELECT id, person_id, username FROM accounts")
        let ledger = try await Self.ledger(run, "accounts")
        let renames = try await DB.byID(
            run.targetConninfo,
            "SELECT source_id AS id, old_value, new_value FROM migration_audit.renamed_values WHERE source_table = 'accounts' AND column_name = 'username'"
        )
        var renamed = 0
        var mergedSame = 0
        for a in legacy {
            let id = a.int("id") ?? -1
            switch expected[id] {
            case .rejected?:
                #expect(ledger.rejected[id] != nil && target[id] == nil, "account \(id) should be rejected")
            case .merged(let s)?:
                mergedSame += 1
                #expect(
                    ledger.merged[id]?.survivor == s && target[id] == nil, "account \(id) should be merged into \(s)")
                #expect(ledger.merged[id]?.rule.contains("username") == true)
            case .kept(let username)?:
                #expect(
                    target[id]?["username"] == username,
                    "account \(id): '\(target[id]?["username"] ?? "none")', expected '\(username)'")
                let original = (a["username"] ?? "").btrim
                if username != original {
                    renamed += 1
                    #expect(
                        [original + "_" + String(id), original + "_legacy" + String(id)].contains(username),
                        "rename pattern <username>_<id> (taken: <username>_legacy<id>): \(username)")
                    #expect(
                        renames[id]?["old_value"] == original && renames[id]?["new_value"] == username,
                        "rename of \(id) not recorded")
                }
            case nil: Issue.record("account \(id) has no expected outcome")
            }
        }
        #expect(renamed >= 5 && renamed == renames.count, "\(renamed) renamed, \(renames.count) recorded")
        #expect(mergedSame >= 5, "\(mergedSame) same-person duplicate accounts merged")
        let folded = try await DB.rows(
            run.targetConninfo, "SELECT lower(username) FROM accounts GROUP BY 1 HAVING count(*) > 1")
        #expect(folded.isEmpty)
    }
}
