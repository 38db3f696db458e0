import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A TCP listening socket bound to 127.0.0.1, plus the blocking I/O of one accepted client.
/// Used only by the stand-in server's own thread.
struct ListeningSocket {
    let fd: Int32
    let port: Int

    /// Binds 127.0.0.1:`port` (0 = ephemeral) and listens.
    /// - Throws: `StandInError.socket` naming the call that failed and errno.
    init(port: Int) throws {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw StandInError.socket("socket", errno) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let err = errno
            _ = closeFD(fd)
            throw StandInError.socket("bind/listen 127.0.0.1:\(port)", err)
        }
        var actual = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.fd = fd
        self.port = Int(UInt16(bigEndian: actual.sin_port))
    }

    /// Accepts one pending client (call after poll says readable); nil if none.
    func acceptClient() -> Int32? {
        let client = accept(fd, nil, nil)
        guard client >= 0 else { return nil }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return client
    }

    func close() { _ = closeFD(fd) }
}

/// Reads a request head (up to the blank line, at most 64 KiB) from a client socket.
/// - Returns: the request line's method and path, or nil on timeout or garbage.
func readRequestLine(_ client: Int32) -> (method: String, path: String)? {
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while data.count < 65536 {
        let n = recv(client, &buffer, buffer.count, 0)
        guard n > 0 else { break }
        data.append(contentsOf: buffer[0..<n])
        if data.containsHeadEnd { break }
    }
    guard let head = String(bytes: data, encoding: .utf8),
        let line = head.split(separator: "\r\n", maxSplits: 1).first
    else { return nil }
    let parts = line.split(separator: " ")
    guard parts.count >= 2 else { return nil }
    return (String(parts[0]), String(parts[1]))
}

/// Writes a whole HTTP/1.1 response and closes the client.
func writeResponse(_ client: Int32, status: Int, reason: String, contentType: String, body: String) {
    let bodyBytes = Array(body.utf8)
    let head =
        "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\n"
        + "Content-Length: \(bodyBytes.count)\r\nConnection: close\r\n\r\n"
    let bytes = Array(head.utf8) + bodyBytes
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        guard n > 0 else { break }
        sent += n
    }
    _ = closeFD(client)
}

private func closeFD(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
        return Glibc.close(fd)
    #else
        return Darwin.close(fd)
    #endif
}

private extension Collection where Element == UInt8 {
    /// True when the bytes contain CR LF CR LF.
    var containsHeadEnd: Bool {
        let a = Array(self)
        guard a.count >= 4 else { return false }
        for i in 0...(a.count - 4) where a[i] == 13 && a[i + 1] == 10 && a[i + 2] == 13 && a[i + 3] == 10 {
            return true
        }
        return false
    }
}

/// A failure starting the stand-in application.
public enum StandInError: Error, CustomStringConvertible, Sendable {
    /// A socket call failed: the call and errno.
    case socket(String, Int32)

    public var description: String {
        switch self {
        case .socket(let call, let err): return "stand-in app: \(call) failed: \(String(cString: strerror(err)))"
        }
    }
}
