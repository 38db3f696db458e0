#!/bin/sh
# Runs every test: installs what is missing (quietly), builds, and runs the whole suite against
# throwaway PostgreSQL clusters the tests start and delete themselves. No terminal needed (CI=true).
set -eu
cd "$(dirname "$0")/.."
Assets/setup.sh --quiet
swift build --build-tests
swift test --skip-build
