#!/bin/sh
# Builds the release a DBA copies to a database server (no Swift toolchain needed there):
#   edu-migrate-<version>-linux-<arch>.tar.gz holding edu-migrate-<version>/
#     bin/edu-migrate                          Swift runtime and Foundation linked in statically
#     share/edu-migrate/{plan,sql}             the plan and its SQL (found relative to bin/)
#     share/man/man1/edu-migrate.1             man page (ArgumentParser's generate-manual)
#     share/bash-completion/completions/edu-migrate, share/zsh/site-functions/_edu-migrate,
#     share/fish/vendor_completions.d/edu-migrate.fish
#     INSTALL
# The server needs only the system's libpq, ncurses and PostgreSQL client tools (see INSTALL).
# Usage: Assets/release.sh [OUTPUT_DIR]     (default .build/dist; prints the tarball's path last)
set -eu
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-"$root/.build/dist"}
mkdir -p "$out"
out=$(cd "$out" && pwd)

echo "release: swift build -c release --static-swift-stdlib (several minutes)" >&2
swift build -c release --static-swift-stdlib --product edu-migrate >&2
bin="$(swift build -c release --static-swift-stdlib --show-bin-path)/edu-migrate"
# ArgumentParser's own man page generator: its GenerateManual plugin builds the tool (asking for
# its --help builds only the tool, not a second edu-migrate), which then reads the static binary's
# --experimental-dump-help.
swift package plugin generate-manual --help >/dev/null
manual="$(swift build --show-bin-path)/generate-manual-tool"
[ -x "$manual" ] || { echo "release: ArgumentParser's generate-manual tool was not built at $manual" >&2; exit 1; }

# Nothing of Swift may stay dynamic: the server has no toolchain.
if ldd "$bin" | grep -Eq 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_Foundation'; then
    echo "release: $bin still links Swift libraries dynamically:" >&2
    ldd "$bin" | grep -E 'libswift|Foundation|dispatch|BlocksRuntime' >&2
    exit 1
fi

version=$("$bin" --version | sed -n '1s/^edu-migrate //p')
[ -n "$version" ] || { echo "release: cannot read the version from $bin --version" >&2; exit 1; }
arch=$(uname -m)
name="edu-migrate-$version"
stage="$out/$name"
rm -rf "$stage"
mkdir -p "$stage/bin" "$stage/share/edu-migrate" "$stage/share/man/man1" \
         "$stage/share/bash-completion/completions" "$stage/share/zsh/site-functions" \
         "$stage/share/fish/vendor_completions.d"

# Debug sections off (the symbol table stays, for readable crash backtraces).
cp "$bin" "$stage/bin/edu-migrate"
strip --strip-debug "$stage/bin/edu-migrate"
cp -R Assets/plan Assets/sql "$stage/share/edu-migrate/"
rm -rf "$stage/share/edu-migrate/sql/tests"   # the SQL test harness, not read by the binary

date=$(git log -1 --format=%cs 2>/dev/null || date -u +%Y-%m-%d)
"$manual" "$stage/bin/edu-migrate" --section 1 --date "$date" --output-directory "$stage/share/man/man1" >&2
[ -f "$stage/share/man/man1/edu-migrate.1" ] || { echo "release: no man page written" >&2; exit 1; }
"$stage/bin/edu-migrate" --generate-completion-script bash > "$stage/share/bash-completion/completions/edu-migrate"
"$stage/bin/edu-migrate" --generate-completion-script zsh > "$stage/share/zsh/site-functions/_edu-migrate"
"$stage/bin/edu-migrate" --generate-completion-script fish > "$stage/share/fish/vendor_completions.d/edu-migrate.fish"

needed=$(readelf -d "$stage/bin/edu-migrate" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | tr '\n' ' ')
plan=$(EDU_MIGRATE_ASSETS= "$stage/bin/edu-migrate" --version | sed -n '2s/ at .*//p')
cat > "$stage/INSTALL" <<TEXT
edu-migrate $version for Linux $arch ($plan)

The migration wizard for the edu database, as one executable with its plan. No Swift toolchain
is needed: the Swift runtime and Foundation are linked in. The machine needs:
  - glibc for $arch (Debian 12 / Ubuntu 22.04 or newer) and these shared libraries:
      $needed
    Debian/Ubuntu: apt-get install libpq5 libncursesw6
  - pg_dump and pg_restore of the PostgreSQL server's major version or newer. edu-migrate looks
    on PATH, then in /usr/lib/postgresql/<major>/bin (EDU_MIGRATE_PGBIN first when set), and its
    check names the server version when they are missing or too old.
    Debian/Ubuntu: apt-get install postgresql-client-<major>

Install (anywhere; the program finds its plan in ../share/edu-migrate next to its bin/):
  tar -xzf $name-linux-$arch.tar.gz -C /opt
  ln -s /opt/$name/bin/edu-migrate /usr/local/bin/edu-migrate
  # optional: man page and shell completions
  ln -s /opt/$name/share/man/man1/edu-migrate.1 /usr/local/share/man/man1/
  ln -s /opt/$name/share/bash-completion/completions/edu-migrate /etc/bash_completion.d/
  (zsh: share/zsh/site-functions/_edu-migrate; fish: share/fish/vendor_completions.d/edu-migrate.fish)

First run, as the DBA on the database host (or a bastion next to it):
  edu-migrate --version                    the version and the plan's digest
  export PGHOST=/var/run/postgresql PGUSER=postgres PGDATABASE=edu
  edu-migrate init                         writes ./edu-migrate.yaml after a test connection
  edu-migrate check --config edu-migrate.yaml    phase 1's checks, read-only
  edu-migrate                              the wizard on ./edu-migrate.yaml
                                           (headless: edu-migrate run --config edu-migrate.yaml)
Passwords come from ~/.pgpass, PGPASSFILE, a service file or a prompt; never from the
command line or the configuration. man edu-migrate (or man -l share/man/man1/edu-migrate.1).
TEXT

tarball="$out/$name-linux-$arch.tar.gz"
tar -C "$out" -czf "$tarball" "$name"
echo "release: $(du -h "$tarball" | cut -f1) $tarball" >&2
echo "$tarball"
