import Foundation

/// CPU time spent by a method, server and client together, read from Linux's /proc and
/// getrusage. Wall time alone hides whether a method is slow because it does more work or
/// because it leaves a core idle; CPU seconds ÷ wall seconds = cores kept busy, and CPU
/// seconds ÷ cores = the fastest that work could finish with perfect parallelism.
struct BenchCPUMeter: Sendable {
    /// The server's postmaster (its backends, parallel workers and autovacuum are its children).
    let postmasterPid: pid_t?

    /// CPU seconds so far: the postmaster tree (itself, its reaped children, its live children)
    /// plus this process and its reaped children (pg_dump, pg_restore, psql). nil when /proc
    /// cannot be read (not Linux, or no postmaster pid): the bench then prints no CPU column.
    func seconds() -> Double? {
        guard let pm = postmasterPid, let server = Self.treeSeconds(root: pm) else { return nil }
        return server + Self.ownSeconds()
    }

    /// This process plus its reaped children (getrusage).
    static func ownSeconds() -> Double {
        var me = rusage()
        var kids = rusage()
        getrusage(RUSAGE_SELF.rawValue, &me)
        getrusage(RUSAGE_CHILDREN.rawValue, &kids)
        return seconds(me.ru_utime) + seconds(me.ru_stime) + seconds(kids.ru_utime) + seconds(kids.ru_stime)
    }

    /// utime + stime + cutime + cstime of `root`, plus utime + stime of its live children.
    /// A child reaped while its siblings are being read would be in neither sum (a dip of its
    /// whole CPU: a step's connection closes exactly at a step boundary), so the reading is
    /// taken again until the root's reaped-children total did not change meanwhile.
    static func treeSeconds(root: pid_t) -> Double? {
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        guard hz > 0 else { return nil }
        var ticks: Int64 = 0
        for _ in 0..<10 {
            guard let before = stat(root) else { return nil }
            var children: Int64 = 0
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for name in entries {
                guard let pid = pid_t(name), pid != root, let s = stat(pid), s.ppid == root else { continue }
                children += s.ticks
            }
            guard let after = stat(root) else { return nil }
            ticks = after.ticks + after.childTicks + children
            if after.childTicks == before.childTicks { break }
        }
        return Double(ticks) / hz
    }

    /// Fields of /proc/PID/stat: ppid, own utime+stime, reaped children's cutime+cstime.
    static func stat(_ pid: pid_t) -> (ppid: pid_t, ticks: Int64, childTicks: Int64)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return parse(stat: text)
    }

    /// Parses one /proc/PID/stat line. The command name (field 2) is in parentheses and may hold
    /// spaces or parentheses itself, so the fields are counted from the last ')'.
    static func parse(stat text: String) -> (ppid: pid_t, ticks: Int64, childTicks: Int64)? {
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state): ppid is field 4, utime..cstime are fields 14-17.
        guard fields.count > 14, let ppid = pid_t(fields[1]),
            let ut = Int64(fields[11]), let st = Int64(fields[12]),
            let cut = Int64(fields[13]), let cst = Int64(fields[14])
        else { return nil }
        return (ppid, ut + st, cut + cst)
    }

    private static func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
}
