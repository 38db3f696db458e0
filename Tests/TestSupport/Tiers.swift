import Foundation

// TestSupport is a plain target, so `swift build -c release` builds it too, where the Testing
// module is not available: the traits exist only where tests are built.
#if canImport(Testing)
    import Testing

    /// Test tiers. Everything runs by default (the README's test command, CI). The fast tier,
    /// `EDU_TEST_TIER=fast swift test`, leaves out the suites marked as needing a PostgreSQL server
    /// or tmux, and runs in well under a minute. `swift test --filter <Suite>` picks suites by name.
    public enum TestTier {
        /// True under `EDU_TEST_TIER=fast`.
        public static var fast: Bool { ProcessInfo.processInfo.environment["EDU_TEST_TIER"] == "fast" }
    }

    extension Tag {
        /// Needs the throwaway PostgreSQL cluster (TestCluster).
        @Tag public static var postgres: Self
        /// Drives a real terminal (tmux).
        @Tag public static var tmux: Self
    }

    extension Trait where Self == ConditionTrait {
        /// Needs a PostgreSQL server: left out of the fast tier only (never skipped because one is missing).
        public static var requiresPostgres: Self {
            .enabled(if: !TestTier.fast, "needs PostgreSQL: not in the fast tier")
        }
        /// Needs tmux: left out of the fast tier only.
        public static var requiresTmux: Self { .enabled(if: !TestTier.fast, "needs tmux: not in the fast tier") }
    }
#endif
