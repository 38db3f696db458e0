#!/bin/sh
# Runs every test: installs what is missing (quietly), checks the format, builds the release tarball once
# (Assets/release.sh; the ReleaseTests suite extracts and runs it, named by
# EDU_MIGRATE_RELEASE_TARBALL), builds, and runs the whole suite against throwaway PostgreSQL
# clusters the tests start and delete themselves. No terminal needed (CI=true).
# Then the SQL-level suites (legacy analysis/checks, target schema + migration + validation on a
# hand-written dirty fixture), each on its own throwaway cluster (about 15 s together).
set -eu
cd "$(dirname "$0")/.."
Assets/setup.sh --quiet
# House format (.swift-format at the root): `swift format --in-place -r Sources Tests Package.swift` fixes it.
swift format lint --strict --parallel -r Sources Tests Package.swift
EDU_MIGRATE_RELEASE_TARBALL=$(Assets/release.sh "$(pwd)/.build/dist")
export EDU_MIGRATE_RELEASE_TARBALL
swift build --build-tests
swift test --skip-build
bash Assets/sql/tests/run_legacy_tests.sh 2000
bash Assets/sql/tests/run_target_tests.sh
