import Foundation
import Postgres
import Testing
import TestSupport

/// The change-detection fingerprint of COPY text (`CopyDigest`): what the transfer hashes in its
/// relay and the window hashes again on the frozen legacy database.
struct CopyDigestTests {
    private func digest(_ text: String) -> CopyDigest {
        var d = CopyDigest()
        d.add(text)
        return d
    }

    @Test func theRowOrderDoesNotMatter() {
        let a = digest("1\tAli\t\\N\n2\tVali\t1990-01-02\n3\tƏli\t\n")
        let b = digest("3\tƏli\t\n1\tAli\t\\N\n2\tVali\t1990-01-02\n")
        #expect(a.rows == 3 && a == b && a.sum == b.sum)
    }

    @Test func nullAndEmptyTextDiffer() {
        // COPY text writes NULL as \N and '' as nothing.
        let null = digest("1\t\\N\n")
        let empty = digest("1\t\n")
        #expect(null.rows == 1 && empty.rows == 1)
        #expect(null.sum != empty.sum)
    }

    @Test func oneChangedByteChangesTheSum() {
        let before = digest("1\tSoyad\tAta\n2\tAd\tX\n")
        for changed in ["1\tSoyad\tAtb\n2\tAd\tX\n", "1\tSoyae\tAta\n2\tAd\tX\n", "1\tSoyad\tAta\n2\tAd\tY\n"] {
            let after = digest(changed)
            #expect(after.rows == before.rows && after.bytes == before.bytes)
            #expect(after.sum != before.sum, "\(changed)")
        }
        // Moving a value from one row to another with every count and length kept.
        #expect(digest("1\tA\n2\tB\n").sum != digest("1\tB\n2\tA\n").sum)
        // A row deleted and another inserted (same count).
        #expect(digest("1\tA\n2\tB\n").sum != digest("1\tA\n3\tC\n").sum)
    }

    @Test func chunksOfAnySizeGiveTheSameDigest() {
        let text = "10\tƏliyev\t\\N\n11\tline\\nbreak\t2020-01-01 00:00:00\n12\t\t\n"
        let whole = digest(text)
        let bytes = Array(text.utf8)
        for size in [1, 2, 3, 7, bytes.count] {
            var d = CopyDigest()
            var i = 0
            while i < bytes.count {
                let n = min(size, bytes.count - i)
                bytes.withUnsafeBufferPointer { d.add($0.baseAddress! + i, count: n) }
                i += n
            }
            #expect(d == whole, "chunks of \(size)")
        }
        #expect(!whole.hasPartialRow)
        #expect(digest("1\tA").rows == 0 && digest("1\tA").hasPartialRow)
    }

    @Test func theSumIsExactBeyondSixtyFourBits() {
        // Many rows: the sum of 64-bit hashes passes 2^64 and must not wrap.
        var d = CopyDigest()
        for i in 0..<2000 { d.add("\(i)\trow\n") }
        #expect(d.rows == 2000)
        #expect(d.sum.count >= 20, "\(d.sum)")  // 2^64 has 20 digits
        #expect(d.sum.allSatisfy { $0.isNumber })
        var e = CopyDigest()
        for i in (0..<2000).reversed() { e.add("\(i)\trow\n") }
        #expect(e.sum == d.sum)
    }
}

/// The relay's digest of a COPY equals the digest of the same COPY read on its own (nothing
/// stored): the transfer's fingerprint and the window's compare are one function.
@Suite(.requiresPostgres, .tags(.postgres)) struct CopyDigestPostgresTests {
    @Test func theRelayAndTheCompareHashTheSameBytes() async throws {
        let a = try await TestCluster.createDatabase("digest_src")
        let b = try await TestCluster.createDatabase("digest_dst")
        let source = try await Connection.connect(a.conninfo)
        let target = try await Connection.connect(b.conninfo)
        defer {
            source.close()
            target.close()
        }
        let fixture = try TestCluster.fixture("postgres/copy.sql")
        try await source.execute(fixture)
        try await target.execute(fixture)
        try await source.execute(
            """
            INSERT INTO big SELECT g, CASE WHEN g % 3 = 0 THEN NULL WHEN g % 3 = 1 THEN '' ELSE E'a\\tb\\nc' END,
                                   timestamptz '2020-01-01', md5(g::text) FROM generate_series(1, 5000) g
            """)
        let out = "COPY (SELECT id, name, at, note FROM big) TO STDOUT"
        let relayed = try await target.copy(
            from: source, copyOut: out, copyIn: "COPY big (id, name, at, note) FROM STDIN")
        let read = try await source.copyOutDigest(out)
        #expect(relayed.rows == 5000 && read.rows == 5000)
        #expect(relayed.digest == read.digest)
        // The copy hashes to the same sum again (same rows, other physical order).
        let again = try await target.copyOutDigest(out)
        #expect(again.digest.sum == read.digest.sum)
        _ = try await source.execute("UPDATE big SET note = upper(note) WHERE id = 4321")
        #expect(try await source.copyOutDigest(out).digest.sum != read.digest.sum)
    }
}
