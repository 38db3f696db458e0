import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The answer to one HTTP GET.
public struct HttpResponse: Sendable, Equatable {
    /// Status code from the status line.
    public var status: Int
    /// The body (chunked encoding already decoded).
    public var body: Data
    /// Wall time from connect to the last byte, in milliseconds.
    public var milliseconds: Double
}

/// Why a GET failed before a status line arrived.
public struct HttpError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A minimal HTTP/1.1 client (plain http, GET only) over POSIX sockets with one overall deadline.
/// Each request runs on a thread of its own, never blocking Swift's cooperative pool.
public enum HttpClient {
    /// Fetches `url` with `Connection: close`.
    /// - Parameters:
    ///   - url: an `http://host[:port]/path` URL.
    ///   - timeout: seconds for the whole exchange (connect, send, read).
    /// - Throws: `HttpError` (refused, timed out, unsupported scheme, malformed answer).
    public static func get(_ url: String, timeout: Double = 5) async throws -> HttpResponse {
        guard let parsed = URL(string: url), parsed.scheme?.lowercased() == "http", let host = parsed.host else {
            throw HttpError(message: "unsupported URL \(url): only http://host[:port]/path is checked")
        }
        let port = parsed.port ?? 80
        var path = parsed.path.isEmpty ? "/" : parsed.path
        if let q = parsed.query { path += "?" + q }
        let target = path
        return try await withCheckedThrowingContinuation { cont in
            let thread = Thread {
                cont.resume(with: Result { try exchange(host: host, port: port, path: target, timeout: timeout) })
            }
            thread.name = "edu-migrate-http"
            thread.start()
        }
    }

    private static func exchange(host: String, port: Int, path: String, timeout: Double) throws -> HttpResponse {
        let start = Date()
        let deadline = start.addingTimeInterval(timeout)
        let fd = try connectSocket(host: host, port: port, deadline: deadline)
        defer { _ = closeSocket(fd) }
        let request =
            "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: edu-migrate\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n"
        let bytes = Array(request.utf8)
        var sent = 0
        while sent < bytes.count {
            try wait(fd, for: Int16(POLLOUT), until: deadline, host: host, port: port)
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw HttpError(message: "\(host):\(port): send failed: \(errnoText())") }
            sent += n
        }
        var raw = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            try wait(fd, for: Int16(POLLIN), until: deadline, host: host, port: port)
            let n = recv(fd, &buffer, buffer.count, 0)
            if n < 0, errno == EAGAIN || errno == EINTR { continue }
            guard n > 0 else { break }
            raw.append(contentsOf: buffer[0..<n])
            if raw.count > 64 << 20 { break }
        }
        var response = try HttpWire.parse(raw)
        response.milliseconds = Date().timeIntervalSince(start) * 1000
        return response
    }

    private static func connectSocket(host: String, port: Int, deadline: Date) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
            hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw HttpError(message: "cannot resolve host \(host)")
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let ai = entry {
            entry = ai.pointee.ai_next
            let fd = socket(ai.pointee.ai_family, ai.pointee.ai_socktype, ai.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            if connect(fd, ai.pointee.ai_addr, ai.pointee.ai_addrlen) == 0 { return fd }
            if errno == EINPROGRESS {
                do {
                    try wait(fd, for: Int16(POLLOUT), until: deadline, host: host, port: port)
                    var err: Int32 = 0
                    var len = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                    if err == 0 { return fd }
                    lastError = String(cString: strerror(err))
                } catch {
                    _ = closeSocket(fd)
                    throw error
                }
            } else {
                lastError = errnoText()
            }
            _ = closeSocket(fd)
        }
        throw HttpError(message: "\(host):\(port): connect failed: \(lastError)")
    }

    private static func wait(_ fd: Int32, for events: Int16, until deadline: Date, host: String, port: Int) throws {
        while true {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow * 1000))
            guard remaining > 0 else { throw HttpError(message: "\(host):\(port): timed out") }
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let r = poll(&pfd, 1, remaining)
            if r > 0 { return }
            if r < 0, errno != EINTR { throw HttpError(message: "\(host):\(port): poll failed: \(errnoText())") }
        }
    }

    private static func errnoText() -> String { String(cString: strerror(errno)) }

    private static func closeSocket(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
            return Glibc.close(fd)
        #else
            return Darwin.close(fd)
        #endif
    }
}
