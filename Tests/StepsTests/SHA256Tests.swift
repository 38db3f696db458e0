import Foundation
@testable import MigrationCore
import Testing

@Suite struct SHA256Tests {
    private func hex(_ chunks: [Data]) -> String {
        var h = SHA256()
        chunks.forEach { h.update($0) }
        return h.finalize()
    }

    @Test func knownVectors() {
        #expect(hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            hex([Data("ab".utf8), Data("c".utf8)]) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        )
        let long = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
        #expect(hex([Data(long.utf8)]) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // 1,000,000 x 'a' in uneven chunks crosses every block boundary case.
        let chunks = (0..<1000).map { _ in Data(repeating: 0x61, count: 1000) }
        #expect(hex(chunks) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fileHashMatchesSwiftImplementation() async throws {
        let path = NSTemporaryDirectory() + "/sha-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let data = Data((0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await BackupHash.sha256(file: path) == hex([data]))
        #expect(try BackupHash.hashFile(path) == hex([data]))
    }
}
