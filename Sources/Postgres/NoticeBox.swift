import CLibPQ
import Foundation

/// Holds the notice handler of a connection; libpq's notice processor calls into it.
final class NoticeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: (@Sendable (String) -> Void)?

    func set(_ handler: @escaping @Sendable (String) -> Void) {
        lock.lock()
        self.handler = handler
        lock.unlock()
    }

    func deliver(_ message: String) {
        lock.lock()
        let h = handler
        lock.unlock()
        h?(message.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Installs the processor; the box must outlive the connection (the Connection holds it).
    func install(on conn: OpaquePointer) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = PQsetNoticeProcessor(
            conn,
            { arg, message in
                guard let arg, let message else { return }
                Unmanaged<NoticeBox>.fromOpaque(arg).takeUnretainedValue().deliver(String(cString: message))
            }, me)
    }
}
