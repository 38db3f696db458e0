import Foundation

/// An order-independent fingerprint of COPY text output, taken as the bytes stream past: the
/// number of rows and the exact sum (128 bits, no wrap-around below 2^64 rows) of a 64-bit hash
/// of each row's bytes (FNV-1a 64, then MurmurHash3's 64-bit finalizer so that every input byte
/// reaches every bit of the row's hash). A row is the bytes up to its newline; text-format COPY
/// writes NULL as `\N` and escapes tabs and newlines inside values, so NULL and '' differ and a
/// value cannot move a row boundary. Rows may arrive in chunks of any size (libpq hands out one
/// row per `PQgetCopyData`; nothing here relies on it).
public struct CopyDigest: Sendable, Equatable {
    /// The method's name, stored with every fingerprint it produced: fingerprints of different
    /// methods (or of an unknown one) are never compared.
    public static let method = "copy-text-fnv64"

    /// Complete rows hashed.
    public private(set) var rows: Int64 = 0
    /// Bytes hashed (newlines included).
    public private(set) var bytes: Int64 = 0
    private var sumHigh: UInt64 = 0
    private var sumLow: UInt64 = 0
    /// The FNV state of the row not ended yet.
    private var current: UInt64 = Self.offsetBasis
    private var inRow = false

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    private static let prime: UInt64 = 0x0000_0100_0000_01b3

    public init() {}

    /// Adds `count` bytes of COPY text output.
    public mutating func add(_ start: UnsafePointer<UInt8>, count: Int) {
        var h = current
        var open = inRow
        var rowsHere: Int64 = 0
        for i in 0..<count {
            let b = start[i]
            if b == 10 {
                addRow(Self.finalize(h))
                rowsHere += 1
                h = Self.offsetBasis
                open = false
            } else {
                h = (h ^ UInt64(b)) &* Self.prime
                open = true
            }
        }
        current = h
        inRow = open
        rows += rowsHere
        bytes += Int64(count)
    }

    /// Adds the bytes of `buffer` (see `add(_:count:)`).
    public mutating func add(_ buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return }
        add(base.assumingMemoryBound(to: UInt8.self), count: buffer.count)
    }

    /// Adds the bytes of `text` as UTF-8 (tests, and anything not read from a socket).
    public mutating func add(_ text: String) {
        var copy = text
        copy.withUTF8 { add(UnsafeRawBufferPointer($0)) }
    }

    /// The sum of the row hashes as an exact decimal number. A last row without its newline
    /// (COPY always ends rows with one) is not counted.
    public var sum: String { Self.decimal(high: sumHigh, low: sumLow) }

    /// True when bytes after the last newline were hashed: an unterminated row.
    public var hasPartialRow: Bool { inRow }

    private mutating func addRow(_ h: UInt64) {
        let (low, carry) = sumLow.addingReportingOverflow(h)
        sumLow = low
        if carry { sumHigh &+= 1 }
    }

    /// MurmurHash3's fmix64: spreads FNV's weak high bits.
    @inline(__always) static func finalize(_ x: UInt64) -> UInt64 {
        var k = x
        k ^= k >> 33
        k &*= 0xff51_afd7_ed55_8ccd
        k ^= k >> 33
        k &*= 0xc4ce_b9fe_1a85_ec53
        k ^= k >> 33
        return k
    }

    /// A 128-bit unsigned number (high, low) in decimal.
    static func decimal(high: UInt64, low: UInt64) -> String {
        guard high != 0 else { return String(low) }
        // Long division by 10^19 (the largest power of ten in 64 bits), chunk by chunk.
        let chunk: UInt64 = 10_000_000_000_000_000_000
        var (h, l) = (high, low)
        var parts: [UInt64] = []
        while h != 0 {
            let (qh, rh) = h.quotientAndRemainder(dividingBy: chunk)
            let (ql, r) = chunk.dividingFullWidth((rh, l))
            parts.append(r)
            (h, l) = (qh, ql)
        }
        var out = String(l)
        for p in parts.reversed() {
            let s = String(p)
            out += String(repeating: "0", count: 19 - s.count) + s
        }
        return out
    }
}

/// A `CopyDigest` that also estimates the time spent hashing: one chunk in 16 is timed and the
/// rest is extrapolated by bytes, so the estimate costs two clock reads per 16 rows instead of
/// two per row (which would cost as much as the hashing itself).
struct TimedDigest {
    var digest = CopyDigest()
    private var chunks = 0
    private var sampledNanos: UInt64 = 0
    private var sampledBytes: Int64 = 0

    mutating func add(_ p: UnsafePointer<CChar>, _ n: Int) {
        p.withMemoryRebound(to: UInt8.self, capacity: n) { bytes in
            chunks &+= 1
            guard chunks & 15 == 0 else { return digest.add(bytes, count: n) }
            let t0 = DispatchTime.now().uptimeNanoseconds
            digest.add(bytes, count: n)
            sampledNanos += DispatchTime.now().uptimeNanoseconds - t0
            sampledBytes += Int64(n)
        }
    }

    /// Rows, bytes, the digest and the hashing time so far.
    var progress: CopyProgress {
        CopyProgress(rows: digest.rows, bytes: digest.bytes, digest: digest, hashSeconds: seconds)
    }

    /// Estimated seconds of hashing so far.
    var seconds: Double {
        guard sampledBytes > 0 else { return 0 }
        return Double(sampledNanos) / 1e9 * Double(digest.bytes) / Double(sampledBytes)
    }
}
