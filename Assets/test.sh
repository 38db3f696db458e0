#!/bin/sh
# Runs every test: installs what is missing (quietly), builds, and runs the whole suite against
# throwaway PostgreSQL clusters the tests start and delete themselves. No terminal needed (CI=true).
# Then the SQL-level suites (legacy analysis/checks, target schema + migration + validation on a
# hand-written dirty fixture), each on its own throwaway cluster (about 15 s together).
set -eu
cd "$(dirname "$0")/.."
Assets/setup.sh --quiet
swift build --build-tests
swift test --skip-build
bash Assets/sql/tests/run_legacy_tests.sh 2000
bash Assets/sql/tests/run_target_tests.sh
