import Foundation
import ProcessSpawning

/// SHA-256 of backup files. `sha256sum` (coreutils) does the work when present: it runs in its
/// own process at full speed even when we are a debug build (`swift run`), where Swift code
/// hashes at a few MB/s. Otherwise the Swift implementation below runs on a thread of its own,
/// so a large backup never blocks Swift's cooperative pool. (CryptoKit is not on Linux.)
enum BackupHash {
    /// The lowercase hex SHA-256 of the file at `path`.
    /// - Throws: `StepFailure` when the file cannot be read.
    static func sha256(file path: String) async throws -> String {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
            let out = LineTail(limit: 1)
            let r = try await ChildProcess.run("/usr/bin/sha256sum", ["--", path], onStdout: { out.append($0) })
            if r.succeeded, let hex = out.lines.first?.split(separator: " ").first, hex.count == 64 {
                return hex.lowercased()
            }
            throw StepFailure(
                code: "backup-file", message: "sha256sum \(path) failed (status \(r.status))",
                fix: "check that the file exists and is readable")
        }
        return try await onOwnThread("sha256") { try hashFile(path) }
    }

    /// Runs blocking file work on a thread of its own and suspends until it is done.
    static func onOwnThread<T: Sendable>(_ name: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (cont: CheckedContinuation<T, any Error>) in
            let thread = Thread {
                do { cont.resume(returning: try body()) } catch { cont.resume(throwing: error) }
            }
            thread.name = name
            thread.start()
        }
    }

    static func hashFile(_ path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw StepFailure(
                code: "backup-file", message: "cannot read \(path)", fix: "check that the file exists and is readable")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while true {
            let chunk = handle.readData(ofLength: 1 << 20)
            if chunk.isEmpty { break }
            hasher.update(chunk)
        }
        return hasher.finalize()
    }
}

/// Incremental SHA-256 (FIPS 180-4).
struct SHA256 {
    private var h: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]
    private var pending: [UInt8] = []
    private var length: UInt64 = 0
    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    mutating func update(_ data: Data) {
        length += UInt64(data.count)
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            guard var bytes = raw.bindMemory(to: UInt8.self).baseAddress else { return }
            var count = raw.count
            if !pending.isEmpty {  // complete a partial block first
                let take = min(64 - pending.count, count)
                pending.append(contentsOf: UnsafeBufferPointer(start: bytes, count: take))
                bytes += take
                count -= take
                if pending.count == 64 {
                    pending.withUnsafeBufferPointer { run($0.baseAddress!, blocks: 1) }
                    pending = []
                }
            }
            let blocks = count / 64
            if blocks > 0 { run(bytes, blocks: blocks) }
            let rest = count - blocks * 64
            if rest > 0 { pending.append(contentsOf: UnsafeBufferPointer(start: bytes + blocks * 64, count: rest)) }
        }
    }

    private mutating func run(_ p: UnsafePointer<UInt8>, blocks: Int) {
        h.withUnsafeMutableBufferPointer { state in
            Self.k.withUnsafeBufferPointer { k in
                Self.compress(p, blocks: blocks, state: state.baseAddress!, k: k.baseAddress!)
            }
        }
    }

    /// The digest as lowercase hex.
    mutating func finalize() -> String {
        let bits = length &* 8
        var tail: [UInt8] = [0x80]
        while (pending.count + tail.count) % 64 != 56 { tail.append(0) }
        for i in (0..<8).reversed() { tail.append(UInt8(truncatingIfNeeded: bits >> (UInt64(i) * 8))) }
        update(Data(tail))
        return h.map { String(format: "%08x", $0) }.joined()
    }

    private static func compress(
        _ p: UnsafePointer<UInt8>, blocks: Int, state: UnsafeMutablePointer<UInt32>,
        k: UnsafePointer<UInt32>
    ) {
        @inline(__always) func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { wbuf in
            let w = wbuf.baseAddress!
            for block in 0..<blocks {
                let b = p + block * 64
                for i in 0..<16 {
                    w[i] =
                        UInt32(b[i * 4]) << 24 | UInt32(b[i * 4 + 1]) << 16 | UInt32(b[i * 4 + 2]) << 8
                        | UInt32(b[i * 4 + 3])
                }
                for i in 16..<64 {
                    let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3)
                    let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10)
                    w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
                }
                var a = state[0]
                var bb = state[1]
                var c = state[2]
                var d = state[3]
                var e = state[4]
                var f = state[5]
                var g = state[6]
                var hh = state[7]
                for i in 0..<64 {
                    let t1 = hh &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ k[i] &+ w[i]
                    let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & bb) ^ (a & c) ^ (bb & c))
                    hh = g
                    g = f
                    f = e
                    e = d &+ t1
                    d = c
                    c = bb
                    bb = a
                    a = t1 &+ t2
                }
                state[0] &+= a
                state[1] &+= bb
                state[2] &+= c
                state[3] &+= d
                state[4] &+= e
                state[5] &+= f
                state[6] &+= g
                state[7] &+= hh
            }
        }
    }
}
