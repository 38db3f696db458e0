import Foundation
import ProcessSpawning
import MigrationCore
import Testing

@Suite struct ChildProcessTests {
    @Test func streamsLinesAndReportsStatus() async throws {
        let out = Lines()
        let err = Lines()
        let r = try await ChildProcess.run(
            "/bin/sh", ["-c", "printf 'a\\nb\\r\\nlast'; echo oops >&2; exit 3"],
            onStdout: { out.add($0) }, onStderr: { err.add($0) })
        #expect(out.all == ["a", "b", "last"])
        #expect(err.all == ["oops"])
        #expect(r.status == 3 && !r.succeeded && r.signal == nil)
    }

    @Test func passesEnvironmentAndInheritsNoDescriptors() async throws {
        let fd = open("/dev/null", O_RDONLY)  // deliberately not close-on-exec
        defer { close(fd) }
        #expect(fcntl(fd, F_GETFD) & FD_CLOEXEC == 0)
        let out = Lines()
        let r = try await ChildProcess.run(
            "/bin/sh", ["-c", "echo \"$EDU_TEST_VAR\""],
            environment: ["EDU_TEST_VAR": "hello"], onStdout: { out.add($0) })
        #expect(r.succeeded && out.all == ["hello"])
        // ls lists its own descriptors: stdio plus the directory it is reading (3), nothing inherited.
        let fds = Lines()
        _ = try await ChildProcess.run("/bin/ls", ["/proc/self/fd"], onStdout: { fds.add($0) })
        #expect(fd > 3)
        #expect(fds.all.compactMap { Int($0) } == [0, 1, 2, 3], "child fds: \(fds.all)")
    }

    @Test func timeoutAndCancelTerminateTheProcessGroup() async throws {
        let r = try await ChildProcess.run("/bin/sh", ["-c", "sleep 30; echo never"], timeout: 0.5)
        #expect(r.timedOut && r.signal == 15 && r.status == 143)
        let child = try ChildProcess.shell("trap '' TERM; sleep 30", timeout: nil)
        try await Task.sleep(nanoseconds: 200_000_000)
        child.cancel()
        let ended = await child.wait()
        #expect(ended.cancelled && !ended.succeeded)
        #expect(throws: ChildProcessError.self) { try ChildProcess("no-such-program-edu", []) }
    }
}
