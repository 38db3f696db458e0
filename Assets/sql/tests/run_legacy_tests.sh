#!/usr/bin/env bash
# Tests for the legacy SQL (Assets/sql/legacy, analysis, checks) on a real, throwaway PostgreSQL.
#
#   Assets/sql/tests/run_legacy_tests.sh [SCALE]        (default SCALE = 2000 persons)
#
# Starts a private cluster (initdb + `postgres -D` as our own child, private port and socket dir,
# fsync off; as root the server runs as user `postgres`), creates database `edu`, loads
# legacy/schema.sql + legacy/seed.sql at SCALE, runs every analysis and check file in a read-only
# session, and asserts that every kind of dirt the seed documents is present (and that the kinds
# it does not generate are absent); at a scale with an expected_issues_<SCALE>.txt (2000) the report
# must match it exactly. A second database seeded at the same scale must be identical (determinism). Exit status 0 = all assertions passed; the cluster is stopped and deleted on exit.
# Env: PGBIN (default /usr/lib/postgresql/15/bin), KEEP=1 keeps the work directory.
set -euo pipefail

SCALE=${1:-2000}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SQL=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)            # Assets/sql
WORK=$(mktemp -d /tmp/edu-legacy-test.XXXXXX)
PORT=$(( 20000 + (RANDOM % 20000) ))
SOCK="$WORK/sock"
PGPID=""
FAILS=0

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
    local pm=""
    [ -f "$WORK/data/postmaster.pid" ] && pm=$(head -1 "$WORK/data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pm" ]; then
        kill -INT "$pm" 2>/dev/null || true                       # fast shutdown of OUR postmaster
        for _ in $(seq 1 100); do kill -0 "$pm" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pm" 2>/dev/null || true
    fi
    [ -n "$PGPID" ] && { wait "$PGPID" 2>/dev/null || true; }
    if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

mkdir -p "$SOCK"
[ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
as_pg "$PGBIN/initdb" -D "$WORK/data" -E UTF8 --locale=C.UTF-8 -A trust -U postgres >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log"; exit 1; }
as_pg "$PGBIN/postgres" -D "$WORK/data" -p "$PORT" -k "$SOCK" -c listen_addresses='' \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off >"$WORK/server.log" 2>&1 &
PGPID=$!
for _ in $(seq 1 300); do
    "$PGBIN/pg_isready" -q -h "$SOCK" -p "$PORT" && break
    kill -0 "$PGPID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.1
done
"$PGBIN/pg_isready" -q -h "$SOCK" -p "$PORT" || { echo "server did not start"; cat "$WORK/server.log"; exit 1; }

export PGHOST="$SOCK" PGPORT="$PORT" PGUSER=postgres
# The manifest as the core passes it to the SQL (variable legacy_tables, see legacy_tables.awk).
LEGACY_TABLES=$(awk -f "$SQL/tests/legacy_tables.awk" "$SQL/../plan/legacy_tables.yaml")
psqlx() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -v "legacy_tables=$LEGACY_TABLES" "$@"; }
q()  { psqlx -At -d "${DB:-edu}" -c "$1"; }                       # one value / rows, unaligned
ro() { PGOPTIONS='-c default_transaction_read_only=on' psqlx -At -F '|' -d edu -f "$1"; }

ok()   { printf 'ok    %s\n' "$*"; }
bad()  { printf 'FAIL  %s\n' "$*"; FAILS=$((FAILS + 1)); }
positive() { if [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -gt 0 ]; then ok "$1 = $2"; else bad "$1 = $2 (expected > 0)"; fi; }
zero()     { if [ "$2" = 0 ]; then ok "$1 = 0"; else bad "$1 = $2 (expected 0)"; fi; }

seed() {   # seed database $1 at $SCALE, prints seconds
    psqlx -d postgres -c "CREATE DATABASE $1"
    psqlx -d "$1" -f "$SQL/legacy/schema.sql" >/dev/null
    local t0 t1; t0=$(date +%s.%N)
    psqlx -d "$1" -c "SET edu.seed_scale = $SCALE" -f "$SQL/legacy/seed.sql" >/dev/null
    t1=$(date +%s.%N)
    echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}'
}

echo "== seed scale $SCALE (cluster $WORK, port $PORT)"
echo "seed seconds: $(seed edu)"

echo "== row counts (analysis/30_pre_migration_counts.sql, read-only)"
COUNTS=$(ro "$SQL/analysis/30_pre_migration_counts.sql")
echo "$COUNTS" | sed 's/^/   /'
[ "$(echo "$COUNTS" | wc -l)" = 13 ] && ok "13 legacy tables counted" || bad "pre-migration counts: $(echo "$COUNTS" | wc -l) rows"
[ "$(echo "$COUNTS" | grep '^persons|' | cut -d'|' -f2)" = "$SCALE" ] && ok "persons = scale" || bad "persons != $SCALE"
while IFS='|' read -r t n; do positive "rows in $t" "$n"; done <<<"$COUNTS"

echo "== table statistics (guide's query) and performance baseline (read-only)"
STATS=$(ro "$SQL/analysis/10_table_statistics.sql")
[ "$(echo "$STATS" | wc -l)" = 13 ] && ok "pg_stat_user_tables lists 13 tables" || bad "table statistics rows: $(echo "$STATS" | wc -l)"
PERF=$(ro "$SQL/analysis/40_performance_baseline.sql")
[ "$(echo "$PERF" | grep -c 'Execution Time')" = 3 ] && ok "3 baseline plans: $(echo "$PERF" | grep 'Execution Time' | tr -s ' ' | tr '\n' ';')" \
    || bad "performance baseline did not return 3 plans"

echo "== checks"
CHECKS=$(ro "$SQL/checks/10_legacy_checks.sql")
echo "$CHECKS" | sed 's/^/   /'
[ "$(echo "$CHECKS" | grep -vc '|pass|')" = 0 ] && ok "all legacy checks pass read-only" || bad "legacy checks not all pass"
[ "$(ro "$SQL/checks/legacy_readonly.sql" | cut -d'|' -f2)" = pass ] && ok "legacy_readonly passes read-only" || bad "legacy_readonly read-only"
[ "$(psqlx -At -F '|' -d edu -f "$SQL/checks/legacy_readonly.sql" | cut -d'|' -f2)" = fail ] \
    && ok "legacy_readonly fails on a writable session" || bad "legacy_readonly does not detect a writable session"

echo "== critical issues (analysis/20_critical_issues.sql, read-only)"
ISSUES=$(ro "$SQL/analysis/20_critical_issues.sql")
echo "$ISSUES" | sed 's/^/   /'
# Kinds the seed does not generate: must be 0 (anything else means the seed or the query changed).
EXPECT_ZERO='orphan education_group.tyutor_id -> teachers
orphan education_group.education_year_id -> dictionaries
orphan course.education_year_id -> dictionaries
accounts.person_id NULL
users.account_id NULL
students.person_id NULL
teachers.person_id NULL
unparseable date: persons.birthdate
blank date: persons.birthdate
persons whose pincode is a placeholder (N/A, -, 0000000, a word for none): stored NULL, matched on name + birthdate'
# Reported as a pass when every legacy table has its primary key (the seed declares them all).
EXPECT_PASS='every legacy table has a primary key on id (no NULL or repeated ids possible)'
while IFS='|' read -r issue count samples status; do
    if grep -qxF "$issue" <<<"$EXPECT_ZERO"; then zero "$issue" "$count"
    elif [ "$issue" = "$EXPECT_PASS" ]; then
        [ "$count|$status" = "0|pass" ] && ok "$issue" || bad "$issue: $count $status"
    else
        positive "$issue" "$count"
        [ "$status" = warn ] || bad "$issue: status $status"
        [ -n "$samples" ] || [ "$issue" = "flags NULL (active/activity_status/is_blocked, all tables)" ] || bad "$issue: no sample ids"
    fi
done <<<"$ISSUES"
[ "$(echo "$ISSUES" | wc -l)" -ge 58 ] && ok "critical issues: $(echo "$ISSUES" | wc -l) rows" || bad "critical issues rows: $(echo "$ISSUES" | wc -l)"
EXPECTED="$SQL/tests/expected_issues_$SCALE.txt"   # exact report at this scale (the seed is deterministic)
if [ -f "$EXPECTED" ]; then
    if diff <(cat "$EXPECTED") <(echo "$ISSUES") >"$WORK/issues.diff"; then ok "critical issues identical to $(basename "$EXPECTED")"
    else bad "critical issues differ from $(basename "$EXPECTED"):"; sed 's/^/      /' "$WORK/issues.diff"; fi
fi

echo "== dirt details the analysis does not itemize"
positive "pincode duplicates differing only in case" \
    "$(q "SELECT count(*) FROM persons a JOIN persons b ON upper(btrim(a.pincode)) = upper(btrim(b.pincode)) AND a.id < b.id WHERE btrim(a.pincode) <> btrim(b.pincode) AND btrim(a.pincode) <> ''")"
positive "pincode duplicates differing in surrounding blanks" \
    "$(q "SELECT count(*) FROM persons a JOIN persons b ON upper(btrim(a.pincode)) = upper(btrim(b.pincode)) AND a.id < b.id WHERE (a.pincode <> btrim(a.pincode) OR b.pincode <> btrim(b.pincode)) AND btrim(a.pincode) <> ''")"
positive "name+birthdate duplicates differing only in case/blanks" \
    "$(q "SELECT count(*) FROM persons a JOIN persons b ON lower(btrim(a.firstname)) = lower(btrim(b.firstname)) AND lower(btrim(a.lastname)) = lower(btrim(b.lastname)) AND a.birthdate = b.birthdate AND a.id < b.id WHERE coalesce(btrim(a.pincode), '') = '' AND coalesce(btrim(b.pincode), '') = '' AND (a.firstname <> b.firstname OR a.lastname <> b.lastname)")"
positive "persons with NULL pincode" "$(q "SELECT count(*) FROM persons WHERE pincode IS NULL")"
positive "persons with blank (non-NULL) pincode" "$(q "SELECT count(*) FROM persons WHERE pincode IS NOT NULL AND btrim(pincode) = ''")"
positive "persons with NULL firstname" "$(q "SELECT count(*) FROM persons WHERE firstname IS NULL")"
positive "persons with NULL lastname" "$(q "SELECT count(*) FROM persons WHERE lastname IS NULL")"
positive "Azerbaijani letters in names" "$(q "SELECT count(*) FROM persons WHERE firstname ~ '[əƏıöÖüÜğĞşŞçÇİ]' OR lastname ~ '[əƏıöÖüÜğĞşŞçÇİ]'")"
positive "usernames NULL" "$(q "SELECT count(*) FROM accounts WHERE username IS NULL")"
positive "usernames ''" "$(q "SELECT count(*) FROM accounts WHERE username = ''")"
positive "usernames differing only in case" "$(q "SELECT count(*) FROM accounts a JOIN accounts b ON lower(btrim(a.username)) = lower(btrim(b.username)) AND a.id < b.id WHERE btrim(a.username) <> btrim(b.username)")"
positive "users of accounts of duplicate persons (chain to remap)" \
    "$(q "SELECT count(*) FROM users u JOIN accounts a ON a.id = u.account_id JOIN persons p ON p.id = a.person_id WHERE p.id % 100 >= 90 AND EXISTS (SELECT 1 FROM persons o WHERE o.id < p.id AND ((btrim(o.pincode) <> '' AND upper(btrim(o.pincode)) = upper(btrim(p.pincode))) OR (coalesce(btrim(o.pincode), '') = '' AND coalesce(btrim(p.pincode), '') = '' AND lower(btrim(o.firstname)) = lower(btrim(p.firstname)) AND lower(btrim(o.lastname)) = lower(btrim(p.lastname)) AND o.birthdate = p.birthdate)))")"
for v in 0 1 2 3; do positive "users.user_type = $v" "$(q "SELECT count(*) FROM users WHERE user_type = $v")"; done
positive "users.user_type other (4, 5, 9, NULL)" "$(q "SELECT count(*) FROM users WHERE user_type IS NULL OR user_type > 3")"
for tc in accounts.activity_status users.is_blocked students.active teachers.active organizations.active \
          course_student.active education_group_student.active education_group.active; do
    t=${tc%%.*}; c=${tc#*.}
    [ "$(q "SELECT count(DISTINCT coalesce($c, -1)) FROM $t WHERE $c IS NULL OR $c IN (0, 1)")" = 3 ] \
        && ok "$tc has 0, 1 and NULL" || bad "$tc lacks one of 0/1/NULL"
done
for col in "students in_order_date" "teachers in_action_date" "course start_date"; do
    set -- $col
    FMT=$(q "SELECT count(*) FILTER (WHERE $2 ~ '^\d{4}-\d{2}-\d{2}$') || ',' ||
                    count(*) FILTER (WHERE $2 ~ '^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$') || ',' ||
                    count(*) FILTER (WHERE $2 ~ '^\d{2}\.\d{2}\.\d{4}$') || ',' ||
                    count(*) FILTER (WHERE $2 = '') || ',' || count(*) FILTER (WHERE $2 IS NULL)
             FROM $1")
    IFS=, read -r iso ts dmy empty nul <<<"$FMT"
    positive "$1.$2 ISO dates" "$iso"; positive "$1.$2 ISO timestamps" "$ts"; positive "$1.$2 DD.MM.YYYY" "$dmy"
    [ "$1" = course ] || { positive "$1.$2 ''" "$empty"; positive "$1.$2 NULL" "$nul"; }
done
positive "students.in_order_date whitespace-only" "$(q "SELECT count(*) FROM students WHERE in_order_date ~ '^ +$'")"
positive "students.in_order_date padded valid dates" "$(q "SELECT count(*) FROM students WHERE in_order_date ~ '^ \d{4}-\d{2}-\d{2} $'")"
positive "students.in_order_date junk words" "$(q "SELECT count(*) FROM students WHERE in_order_date IN ('N/A', 'yesterday', 'bilinmir', '-')")"
positive "students.in_order_date impossible days (31.02 / 30.02 / month 13 / 00.00)" \
    "$(q "SELECT count(*) FROM students WHERE in_order_date IN ('31.02.2020', '30.02.2021', '2019-13-01', '00.00.0000')")"
positive "students.card_number ''" "$(q "SELECT count(*) FROM students WHERE card_number = ''")"
[ "$(q "SELECT count(*) FROM dictionaries WHERE type_id = 9 AND code ~ '^\d{4}-\d{4}$'")" = 12 ] \
    && ok "12 education-year dictionary rows (ids 100..111)" || bad "education-year dictionary rows"
positive "subject ids used in more than one plan" "$(q "SELECT count(*) FROM (SELECT subject_id FROM education_plan_subject WHERE subject_id IS NOT NULL GROUP BY 1 HAVING count(DISTINCT education_plan_id) > 1) s")"
positive "course ids whose eps id is also a valid subject id of ANOTHER subject (guide's bug is silent)" \
    "$(q "SELECT count(*) FROM course c JOIN education_plan_subject e ON e.id = c.education_plan_subject_id WHERE c.education_plan_subject_id IN (SELECT subject_id FROM education_plan_subject) AND e.subject_id <> c.education_plan_subject_id")"
positive "course hours NULL" "$(q "SELECT count(*) FROM course WHERE m_hours IS NULL OR s_hours IS NULL OR l_hours IS NULL OR fm_hours IS NULL")"
zero "objects left by the seed besides the 13 tables" \
    "$(q "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'S', 'f') AND c.relname NOT IN ('dictionaries','organizations','persons','accounts','users','students','teachers','education_group','education_plan_subject','course','course_teacher','course_student','education_group_student')")"
zero "functions left in public" "$(q "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'")"

echo "== determinism (a second database at the same scale is identical)"
echo "seed seconds (edu2): $(seed edu2)"
digest() {
    DB=$1 q "SELECT string_agg(t || ':' || h, ' ' ORDER BY t) FROM (
        SELECT 'dictionaries' t, md5(string_agg(x::text, ',' ORDER BY x.id)) h FROM dictionaries x UNION ALL
        SELECT 'organizations', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM organizations x UNION ALL
        SELECT 'persons', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM persons x UNION ALL
        SELECT 'accounts', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM accounts x UNION ALL
        SELECT 'users', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM users x UNION ALL
        SELECT 'students', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM students x UNION ALL
        SELECT 'teachers', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM teachers x UNION ALL
        SELECT 'education_group', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM education_group x UNION ALL
        SELECT 'education_plan_subject', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM education_plan_subject x UNION ALL
        SELECT 'course', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM course x UNION ALL
        SELECT 'course_teacher', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM course_teacher x UNION ALL
        SELECT 'course_student', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM course_student x UNION ALL
        SELECT 'education_group_student', md5(string_agg(x::text, ',' ORDER BY x.id)) FROM education_group_student x) d"
}
[ "$(digest edu)" = "$(digest edu2)" ] && ok "same data in edu and edu2" || bad "seed is not deterministic"

echo
if [ "$FAILS" = 0 ]; then echo "ALL LEGACY TESTS PASSED (scale $SCALE)"; else echo "$FAILS ASSERTION(S) FAILED (scale $SCALE)"; exit 1; fi
