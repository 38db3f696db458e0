import Foundation
import Postgres
import Testing

@testable import MigrationCore

/// Fingerprints of different methods are never compared: the legacy tables' (COPY text hashed
/// in this process) and the new database's (whole rows hashed by the server), or an older
/// version's without a method. Such a pair counts as changed (a final sync), never as equal.
struct FingerprintMethodTests {
    private let copy = TableFingerprint(table: "persons", rows: 3, hash: "123", method: CopyDigest.method)

    @Test func theSameMethodAndContentIsUnchanged() {
        #expect(Fingerprints.changes(before: [copy], after: [copy]).isEmpty)
        var other = copy
        other.hash = "124"
        #expect(Fingerprints.changes(before: [copy], after: [other]).map(\.summary) == ["3 rows, content changed"])
    }

    @Test func anOlderRunsFingerprintWithoutAMethodCountsAsChanged() {
        var old = copy
        old.method = nil
        let changes = Fingerprints.changes(before: [old], after: [copy])
        #expect(changes.map(\.table) == ["persons"])
        #expect(changes.first?.summary.contains("another fingerprint method") == true, "\(changes)")
        // Even when both sides lack it: an unknown method is never trusted.
        #expect(Fingerprints.changes(before: [old], after: [old]).count == 1)
    }

    @Test func theServerMethodIsNeverComparedWithTheCopyMethod() {
        var server = copy
        server.method = TableFingerprint.serverMethod
        #expect(Fingerprints.changes(before: [server], after: [copy]).count == 1)
        #expect(Fingerprints.changes(before: [copy], after: [server]).count == 1)
        var unknown = copy
        unknown.method = "some-future-method"
        #expect(Fingerprints.changes(before: [unknown], after: [unknown]).count == 1)
    }

    @Test func anOlderArtifactDecodesWithoutAMethod() throws {
        let json = Data(#"[{"table":"persons","rows":3,"hash":"-42"}]"#.utf8)
        let decoded = try JSONDecoder().decode([TableFingerprint].self, from: json)
        #expect(decoded.first?.method == nil && decoded.first?.rows == 3)
    }
}
