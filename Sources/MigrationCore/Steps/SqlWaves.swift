import Foundation
import Postgres

/// `sql` steps with `waves:` — lists of SQL files; the files of one wave run side by side, each
/// in its own transaction on its own connection, and a wave starts when the previous one has
/// committed. Used where independent statements keep one core idle otherwise (index and key
/// builds of different tables). Files of one wave must not lock each other's tables in
/// conflicting modes; each file must be re-runnable (a failed wave may leave a sibling committed).
enum SqlWaves {
    /// The waves of a step: `[[file, ...], ...]` (a lone file stands for a wave of one); nil when
    /// the step has none or they are not lists of file names (the plan validator reports that).
    static func waves(_ step: Step) -> [[String]]? {
        guard case .list(let outer)? = step.params["waves"] else { return nil }
        var out: [[String]] = []
        for wave in outer {
            if case .list(let files) = wave {
                let names = files.compactMap(\.text)
                guard !names.isEmpty, names.count == files.count else { return nil }
                out.append(names)
            } else if let name = wave.text {
                out.append([name])
            } else {
                return nil
            }
        }
        return out.isEmpty ? nil : out
    }

    /// Runs the waves in order on connections of `role`; without `connectAnother` (a front end
    /// that offers one connection) a wave's files run in turn.
    /// - Throws: the first failing file's error (`PostgresError` with its file:line), after its
    ///   siblings were cancelled and rolled back.
    static func run(_ waves: [[String]], role: DatabaseRole, step: Step, context: StepContext) async throws {
        let vars = SqlVariables.values(context.config, workDir: context.workDir)
        for wave in waves {
            let scripts = try wave.map { try SqlScript.load($0, context: context).substituting(vars) }
            let main = try await context.connect(role)
            guard scripts.count > 1, let another = context.connectAnother else {
                for script in scripts {
                    _ = try await SqlRunner.run(
                        script, on: main, step: step, context: context, transaction: true, commit: true)
                }
                continue
            }
            var conns = [main]
            for _ in scripts.dropFirst() { conns.append(try await another(role)) }
            try await side(by: scripts, on: conns, step: step, context: context)
        }
    }

    /// Runs each script on its connection at once; the first failure cancels the others.
    private static func side(
        by scripts: [SqlScript], on conns: [Connection], step: Step, context: StepContext
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (script, conn) in zip(scripts, conns) {
                group.addTask {
                    _ = try await SqlRunner.run(
                        script, on: conn, step: step, context: context, transaction: true, commit: true)
                }
            }
            do {
                while try await group.next() != nil {}  // (waitForAll would wait for every child first)
            } catch {
                for c in conns { c.cancel() }
                while (try? await group.next()) != nil {}
                throw error
            }
        }
    }
}
