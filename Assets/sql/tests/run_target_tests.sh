#!/usr/bin/env bash
# Target schema + migration + validation SQL, tested on a throwaway PostgreSQL cluster.
#
#   run_target_tests.sh                 small hand-written dirty fixture (fixture_small.sql),
#                                       generic checks + one assertion per documented dirt rule
#   SCALE=50000 run_target_tests.sh     legacy seed (Assets/sql/legacy/seed.sql) at that scale,
#                                       generic checks + per-file timings
#   SCALE=N BENCH=1 run_target_tests.sh also times `pg_dump -Fc -Z0 edu | pg_restore -d edu_copy`
#   KEEP=1 …                           leave the cluster running afterwards (prints how to reach it)
#
# Steps (the order Assets/plan runs them): target/01, 02, 03, 00_verify_schema; migration/00_staging;
# transfer (COPY legacy → migration_stage, per manifest table); migration/10 … 35 (each in ONE
# transaction); migration/80-84 (bulk tables' keys, FKs, indexes: after the data,
# as pg_restore), migration/90_finalize; validation/15 … 17.
# Exit status non-zero on any failed step or assertion. Run as root (initdb via runuser postgres).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ASSETS=$(cd "$HERE/../.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
SCALE=${SCALE:-0}
BENCH=${BENCH:-0}
PORT=${PORT:-$((20000 + RANDOM % 20000))}

find_asset() { # legacy files: this repo first, then the legacy helper's worktree
    local rel=$1
    for base in "$ASSETS" /work/wt-legacy/Assets; do
        [[ -f "$base/$rel" ]] && { echo "$base/$rel"; return 0; }
    done
    return 1
}
LEGACY_SCHEMA=$(find_asset sql/legacy/schema.sql) || { echo "FAIL: legacy/schema.sql not found" >&2; exit 2; }

TMP=$(mktemp -d /tmp/edu-target-test.XXXXXX)
chmod 755 "$TMP"
DATA=$TMP/data SOCK=$TMP/sock
mkdir -p "$DATA" "$SOCK"
chown postgres: "$DATA" "$SOCK"
PGPID=

cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then
        echo "KEEP=1: cluster left running: PGHOST=$SOCK PGPORT=$PORT PGUSER=postgres (stop: kill -INT \$(head -1 $DATA/postmaster.pid))"
        return
    fi
    if [[ -n "$PGPID" ]] && kill -0 "$PGPID" 2>/dev/null; then
        # SIGINT to the postmaster itself (fast shutdown); runuser does not forward signals.
        local pm; pm=$(head -1 "$DATA/postmaster.pid" 2>/dev/null || true)
        [[ -n "$pm" ]] && kill -INT "$pm" 2>/dev/null || true
        for _ in $(seq 1 100); do kill -0 "$PGPID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$PGPID" 2>/dev/null || true
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

runuser -u postgres -- "$PGBIN/initdb" -D "$DATA" -U postgres -E UTF8 --locale=C.UTF-8 -A trust >"$TMP/initdb.log" 2>&1 \
    || { cat "$TMP/initdb.log"; exit 2; }
runuser -u postgres -- "$PGBIN/postgres" -D "$DATA" -p "$PORT" -k "$SOCK" -c listen_addresses= \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=256MB \
    -c max_wal_size=4GB >"$TMP/server.log" 2>&1 &
PGPID=$!
for _ in $(seq 1 100); do
    "$PGBIN/pg_isready" -q -h "$SOCK" -p "$PORT" && break; sleep 0.1
done
"$PGBIN/pg_isready" -q -h "$SOCK" -p "$PORT" || { cat "$TMP/server.log"; exit 2; }

# CPU seconds used so far by exited backends (postmaster's cutime+cstime) and by this script's
# exited children (psql, pg_dump, pg_restore): wall time on a shared 2-core machine swings 2-3x
# with the other agents' load, CPU time does not.
PM=$(head -1 "$DATA/postmaster.pid")
TICKS=$(getconf CLK_TCK)
cpu_now() {
    local srv cli
    srv=$(awk '{print $16 + $17}' "/proc/$PM/stat")
    cli=$(times | tail -1 | awk '{ for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } print t }')
    echo "scale=2; $srv / $TICKS + $cli" | bc
}
export PGHOST=$SOCK PGPORT=$PORT PGUSER=postgres
# The manifest as the core passes it to the SQL (variable legacy_tables, see legacy_tables.awk).
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -v "legacy_tables=$(awk -f "$HERE/legacy_tables.awk" "$ASSETS/plan/legacy_tables.yaml")")
q() { "${PSQL[@]}" -d "$1" -tA -c "$2"; }           # q DB SQL → unaligned result

FAILS=0
pass() { echo "  ok   $1"; }
fail() { echo "  FAIL $1" >&2; FAILS=$((FAILS + 1)); }
expect() { # expect NAME EXPECTED ACTUAL
    if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1: expected [$2] got [$3]"; fi
}

now() { date +%s.%N; }
TIMES=()
timed() { # timed LABEL cmd...   (a failing step aborts the run: set -e)
    local t0 t1
    t0=$(now); "${@:2}"; t1=$(now)
    TIMES+=("$(printf '%-42s %8.2f s' "$1" "$(echo "$t1 - $t0" | bc)")")
}
run_file() { "${PSQL[@]}" -1 -d "$1" -f "$2" >/dev/null; } # one transaction, stop on error

# ------------------------------------------------------------------ legacy database
echo "== legacy database edu (scale ${SCALE:-fixture})"
q postgres "CREATE DATABASE edu TEMPLATE template0 ENCODING 'UTF8'"
"${PSQL[@]}" -d edu -f "$LEGACY_SCHEMA" >/dev/null 2>&1
if [[ "$SCALE" -gt 0 ]]; then
    SEED=$(find_asset sql/legacy/seed.sql) || { echo "FAIL: legacy/seed.sql not found" >&2; exit 2; }
    timed "seed legacy (scale $SCALE)" "${PSQL[@]}" -d edu -c "SET edu.seed_scale = $SCALE" -f "$SEED"
else
    "${PSQL[@]}" -1 -d edu -f "$HERE/fixture_small.sql" >/dev/null
fi
q edu "VACUUM ANALYZE" >/dev/null
LEGACY_ROWS=$(q edu "SELECT sum(n_live_tup) FROM pg_stat_user_tables")
echo "   legacy rows: $LEGACY_ROWS, size $(q edu "SELECT pg_size_pretty(pg_database_size('edu'))")"

# ------------------------------------------------------------------ phase 2: schema
echo "== phase 2: target schema"
T_ALL0=$(now); C_ALL0=$(cpu_now)
q postgres "CREATE DATABASE edu_new TEMPLATE template0 ENCODING 'UTF8'"
q edu_new 'CREATE EXTENSION IF NOT EXISTS "uuid-ossp"; CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent;'
for f in 01_reference_tables 02_core_schema 03_indexes_constraints; do
    timed "target/$f" run_file edu_new "$ASSETS/sql/target/$f.sql"
done
expect "verify_schema lists the 15 target tables" 15 \
    "$("${PSQL[@]}" -d edu_new -tA -f "$ASSETS/sql/target/00_verify_schema.sql" | wc -l)"

# ------------------------------------------------------------------ phase 3: migration
echo "== phase 3: migration"
timed "migration/00_staging" run_file edu_new "$ASSETS/sql/migration/00_staging.sql"

# Manifest: "- name: t" followed by "columns: [a, b]".
mapfile -t MANIFEST < <(awk '/- name:/{n=$3} /columns:/{sub(/.*\[/,""); sub(/\].*/,""); gsub(/ /,""); print n " " $0}' \
    "$ASSETS/plan/legacy_tables.yaml")
expect "manifest lists 13 legacy tables" 13 "${#MANIFEST[@]}"
transfer() {
    local t=$1 cols=$2
    "${PSQL[@]}" -d edu_new -c "TRUNCATE migration_stage.$t"
    "${PSQL[@]}" -d edu -c "\\copy (SELECT $cols FROM $t) TO STDOUT" \
        | "${PSQL[@]}" -d edu_new -c "\\copy migration_stage.$t FROM STDIN"
    local copied
    copied=$("${PSQL[@]}" -d edu_new -Atc "SELECT count(*) FROM migration_stage.$t")
    "${PSQL[@]}" -d edu_new -v stage_table="$t" -v source_table="$t" -v check_keys=true -v rows_copied="$copied" \
        -f "$ASSETS/sql/migration/05_legacy_keys.sql" >/dev/null
}
T_TR0=$(now)
for entry in "${MANIFEST[@]}"; do
    read -r t cols <<<"$entry"
    transfer "$t" "$cols"
done
TIMES+=("$(printf '%-42s %8.2f s' "transfer (13 tables, COPY → stage)" "$(echo "$(now) - $T_TR0" | bc)")")
for entry in "${MANIFEST[@]}"; do
    read -r t cols <<<"$entry"
    expect "stage $t has the legacy row count" "$(q edu "SELECT count(*) FROM $t")" \
        "$(q edu_new "SELECT count(*) FROM migration_stage.$t")"
done

LOADS=(10_dictionary_types 11_dictionaries 12_organizations 13_academic_years 20_persons 21_accounts
       22_users 23_students 23_students_users 24_teachers 30_education_groups 31_subjects 32_courses 33_course_teachers
       34_course_students 35_education_group_students)
POST=(80_keys_persons 80_trgm_persons 80_keys_accounts 80_keys_users 80_keys_reference 81_keys_students 81_keys_teachers 81_keys_courses 81_keys_course_students 81_keys_group_students 82_fks_enrolment 83_fks_people 84_fks_rest 90_finalize)
run_session() { # one psql session (as the core: one connection), one transaction per file, timed
    local script=$TMP/session.sql f
    : >"$script"
    for f in "$@"; do
        printf '\\set t0 `date +%%s.%%N`\nBEGIN;\n\\i %s\nCOMMIT;\n\\set t1 `date +%%s.%%N`\n\\echo TIME %s :t0 :t1\n' \
            "$ASSETS/sql/migration/$f.sql" "migration/$f" >>"$script"
    done
    while read -r _ name t0 t1; do
        TIMES+=("$(printf '%-42s %8.2f s' "$name" "$(echo "$t1 - $t0" | bc)")")
    done < <("${PSQL[@]}" -d edu_new -f "$script" | grep '^TIME ')
}
ledger() { q edu_new "SELECT string_agg(source_table || ':' || migrated || ':' || merged || ':' || rejected, ',') FROM migration_audit.reconciliation"; }
run_session "${LOADS[@]}"
if [[ "$SCALE" -eq 0 ]]; then  # idempotence of a load with dependents loaded (FKs come in 80)
    before=$(q edu_new "SELECT string_agg(p::text, ',' ORDER BY id) FROM persons p")
    lbefore=$(ledger)
    run_file edu_new "$ASSETS/sql/migration/20_persons.sql"
    expect "20_persons re-run gives the same persons" "$before" "$(q edu_new "SELECT string_agg(p::text, ',' ORDER BY id) FROM persons p")"
    expect "20_persons re-run gives the same ledger" "$lbefore" "$(ledger)"
fi
run_session "${POST[@]}"
T_ALL1=$(now); C_ALL1=$(cpu_now)

# ------------------------------------------------------------------ phase 4: validation
echo "== phase 4: validation"
V=$ASSETS/sql/validation
T_V0=$(now)
while IFS='|' read -r tbl src mig mrg rej status evidence; do
    expect "reconciliation $tbl balanced ($evidence)" pass "$status"
done < <("${PSQL[@]}" -d edu_new -tA -f "$V/15_reconciliation.sql")
expect "reconciliation has 13 tables" 13 "$("${PSQL[@]}" -d edu_new -tA -f "$V/15_reconciliation.sql" | wc -l)"
while IFS='|' read -r name count; do
    expect "guide orphan check $name" 0 "$count"
done < <("${PSQL[@]}" -d edu_new -tA -f "$V/15_orphans.sql")
while IFS='|' read -r name status evidence; do
    expect "fk $name ($evidence)" pass "$status"
done < <("${PSQL[@]}" -d edu_new -tA -f "$V/15_fk_valid.sql")
while IFS='|' read -r name status evidence; do
    # *_user_is_their_person are warnings about the legacy data's own links (the fixture has one
    # student and one teacher linked to another person's user): warn, never fail.
    case "$name" in
        *_user_is_their_person) expect "merged refs $name ($evidence)" warn "$status" ;;
        *) expect "merged refs $name ($evidence)" pass "$status" ;;
    esac
done < <("${PSQL[@]}" -d edu_new -tA -f "$V/15_merged_references.sql")
FUNC=$("${PSQL[@]}" -d edu_new -tA -f "$V/16_functional.sql")
expect "Day-16 functional queries return 5 counts" 5 "$(echo "$FUNC" | wc -l)"
echo "$FUNC" | sed 's/^/       /'
PERF=$("${PSQL[@]}" -d edu_new -tA -f "$V/17_performance.sql")
expect "Day-17 performance queries report 3 execution times" 3 "$(echo "$PERF" | grep -c 'Execution Time')"
echo "$PERF" | grep 'Execution Time' | sed 's/^/       /'
TIMES+=("$(printf '%-42s %8.2f s' "validation (15-17)" "$(echo "$(now) - $T_V0" | bc)")")
expect "exactly one current academic year" 1 "$(q edu_new "SELECT count(*) FROM academic_years WHERE is_current")"
expect "every sequence is past max(id)" 0 "$(q edu_new "
    SELECT count(*) FROM (VALUES ('persons'), ('accounts'), ('students'), ('courses'), ('education_group_students')) v(t)
    WHERE (SELECT last_value FROM pg_sequences WHERE sequencename = v.t || '_id_seq')
          < (xpath('/row/m/text()', query_to_xml('SELECT coalesce(max(id),0) AS m FROM ' || v.t, false, false, '')))[1]::text::bigint")"

# Idempotence of a load after everything (leaf table: its FKs point outwards only).
before=$(q edu_new "SELECT count(*) || '/' || coalesce(sum(hashtext(e::text)), 0) FROM education_group_students e")
rbefore=$(ledger)
run_file edu_new "$ASSETS/sql/migration/35_education_group_students.sql"
expect "35 re-run: same rows" "$before" \
    "$(q edu_new "SELECT count(*) || '/' || coalesce(sum(hashtext(e::text)), 0) FROM education_group_students e")"
expect "35 re-run: same ledger" "$rbefore" "$(ledger)"

# ------------------------------------------------------------------ documented dirt rules (fixture)
if [[ "$SCALE" -eq 0 ]]; then
    echo "== documented rules on the fixture"
    n() { q edu_new "$1"; }
    rej() { n "SELECT reason FROM migration_audit.rejected_rows WHERE source_table = '$1' AND source_id = $2"; }
    mrg() { n "SELECT survivor_id || ' ' || rule FROM migration_audit.merged_rows WHERE source_table = '$1' AND source_id = $2"; }
    nul() { n "SELECT reason FROM migration_audit.nulled_values WHERE source_table = '$1' AND source_id = $2 AND column_name = '$3'"; }
    # dictionaries / organizations
    expect "dictionary 4 rejected (no type)" "type_id is NULL (the target requires a dictionary type)" "$(rej dictionaries 4)"
    expect "dictionary 5 parent NULLed" "dictionary 999 does not exist in legacy dictionaries" "$(nul dictionaries 5 parent_id)"
    expect "dictionary 6 parent NULLed" "dictionary 4 was rejected (type_id is NULL)" "$(nul dictionaries 6 parent_id)"
    expect "dictionary types derived" "1,2,7" "$(n "SELECT string_agg(id::text, ',' ORDER BY id) FROM dictionary_types")"
    expect "organization 3 rejected" "name_az is NULL or blank (required)" "$(rej organizations 3)"
    expect "organization 4 rejected" "name_az is NULL or blank (required)" "$(rej organizations 4)"
    expect "organization 6 parent (rejected 3) NULLed" "organization 3 was rejected (name_az is blank)" "$(nul organizations 6 parent_id)"
    expect "organization 2 NULL active → false, type kept" "f|11" "$(n "SELECT is_active, type_id FROM organizations WHERE id = 2")"
    # persons
    expect "person 11 survives (most fields), pincode trimmed" "AB12CD3" "$(n "SELECT pincode FROM persons WHERE id = 11")"
    expect "person 10 merged into 11" "11 same normalized pincode" "$(mrg persons 10)"
    expect "nameless person 12 merged into 11" "11 same normalized pincode" "$(mrg persons 12)"
    expect "person 21 merged into 20" "20 same normalized firstname + lastname + birthdate" "$(mrg persons 21)"
    expect "namesakes 30/31 both kept" 2 "$(n "SELECT count(*) FROM persons WHERE id IN (30, 31)")"
    expect "person 40 rejected" "firstname is NULL or blank (required)" "$(rej persons 40)"
    expect "person 41 rejected" "firstname and lastname are NULL or blank (required)" "$(rej persons 41)"
    expect "nameless pincode group 42/43 rejected" 2 "$(n "SELECT count(*) FROM migration_audit.rejected_rows WHERE source_table = 'persons' AND source_id IN (42, 43)")"
    expect "rejected row keeps the whole legacy row" "Həsənov" "$(n "SELECT row_data->>'lastname' FROM migration_audit.rejected_rows WHERE source_table = 'persons' AND source_id = 40")"
    # accounts
    expect "account 100 remapped to survivor person 11" 11 "$(n "SELECT person_id FROM accounts WHERE id = 100")"
    expect "account 101 merged (same username, same person)" "100 same username (case-folded) and same surviving person" "$(mrg accounts 101)"
    expect "account 104 renamed" "BOB_104" "$(n "SELECT username FROM accounts WHERE id = 104")"
    expect "account 105 renamed around a taken name" "bob_legacy105" "$(n "SELECT username FROM accounts WHERE id = 105")"
    expect "renames recorded" "104:BOB:BOB_104,105:bob:bob_legacy105" "$(n "SELECT string_agg(account_id || ':' || old_username || ':' || new_username, ',' ORDER BY account_id) FROM migration_audit.renamed_accounts")"
    expect "account 107 rejected" "person 999 does not exist in legacy persons" "$(rej accounts 107)"
    expect "account 108 rejected" "person 40 was rejected (see rejected_rows persons)" "$(rej accounts 108)"
    expect "account 109 rejected" "username is NULL or blank (required)" "$(rej accounts 109)"
    expect "account 111 rejected" "person_id is NULL (required)" "$(rej accounts 111)"
    # users
    expect "user 201 remapped to surviving account 100" 100 "$(n "SELECT account_id FROM users WHERE id = 201")"
    expect "user 202 org NULLed" "organization 77 does not exist in legacy organizations" "$(nul users 202 organization_id)"
    expect "user 203 org (rejected) NULLed, type 9 → staff" "staff" "$(n "SELECT user_type FROM users WHERE id = 203 AND organization_id IS NULL")"
    expect "user types" "student,teacher,admin,staff,staff,teacher" "$(n "SELECT string_agg(user_type, ',' ORDER BY id) FROM users")"
    expect "user 205 rejected" "account 107 was rejected (see rejected_rows accounts)" "$(rej users 205)"
    expect "user 206 rejected" "account 555 does not exist in legacy accounts" "$(rej users 206)"
    # students
    # a real card number keeps it over a generated STU<id>: 309's legacy 'STU302' stays, and 302's
    # generated STU302 is the one renamed
    expect "student numbers" "300:C-1,301:C-1-301,302:STU302-302,303:STU303,304:C-4,305:C-5,309:STU302,310:C-10" \
        "$(n "SELECT string_agg(id || ':' || student_id_number, ',' ORDER BY id) FROM students")"
    expect "admission years (ISO, timestamp, DD.MM.YYYY, junk, blank, Z-timestamp)" "300:2021,301:2021,302:2020,303:,304:,305:,309:,310:2022" \
        "$(n "SELECT string_agg(id || ':' || coalesce(admission_year::text, ''), ',' ORDER BY id) FROM students")"
    expect "student persons remapped" "300:11,301:20" "$(n "SELECT string_agg(id || ':' || person_id, ',' ORDER BY id) FROM students WHERE id IN (300, 301)")"
    expect "junk dates recorded, blank not" "303,305,309" "$(n "SELECT string_agg(source_id::text, ',' ORDER BY source_id) FROM migration_audit.nulled_values WHERE source_table = 'students' AND column_name = 'admission_year'")"
    expect "student 302 user (rejected) NULLed" "user 205 was rejected (see rejected_rows users)" "$(nul students 302 user_id)"
    expect "student 307 rejected" "person 41 was rejected (see rejected_rows persons)" "$(rej students 307)"
    expect "student statuses" "active,active,graduated" "$(n "SELECT string_agg(status, ',' ORDER BY id) FROM students WHERE id IN (300, 301, 302)")"
    # teachers
    expect "teacher 400 remapped to person 11" 11 "$(n "SELECT person_id FROM teachers WHERE id = 400")"
    expect "hire dates (ISO, D.M.YYYY, 29.02 non-leap → NULL, leap ok)" "400:2015-09-01,401:2016-09-01,403:,404:2020-02-29" \
        "$(n "SELECT string_agg(id || ':' || coalesce(hire_date::text, ''), ',' ORDER BY id) FROM teachers")"
    expect "teacher 403 terminated, date recorded" "terminated|in_action_date is not a valid date" \
        "$(n "SELECT t.status || '|' || v.reason FROM teachers t JOIN migration_audit.nulled_values v ON v.source_table = 'teachers' AND v.source_id = t.id AND v.column_name = 'hire_date' WHERE t.id = 403")"
    expect "teacher 402 rejected" "person 43 was rejected (see rejected_rows persons)" "$(rej teachers 402)"
    # academic years
    expect "academic years derived from dictionaries / course dates / create dates" \
        "5:2024/2025,6:2020/2021,101:2023/2024,102:2024/2025" \
        "$(n "SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM academic_years")"
    expect "current academic year by date" 102 "$(n "SELECT id FROM academic_years WHERE is_current")"
    # groups
    expect "group 502 rejected" "name is NULL or blank (required)" "$(rej education_group 502)"
    expect "group 501 tutor NULLed" "teacher 999 does not exist in legacy teachers" "$(nul education_group 501 tutor_id)"
    expect "group 503 tutor (rejected) NULLed" "teacher 402 was rejected (see rejected_rows teachers)" "$(nul education_group 503 tutor_id)"
    expect "group 504 keeps NULL year" "" "$(n "SELECT academic_year_id FROM education_groups WHERE id = 504")"
    # subjects / courses
    expect "subjects: one row per subject id, most frequent name" "1:MATH:Riyaziyyat:5,2:SUBJ2:Fizika:0,3:SUBJ3::0" \
        "$(n "SELECT string_agg(id || ':' || code || ':' || coalesce(name_az, '') || ':' || credits, ',' ORDER BY id) FROM subjects")"
    expect "conflicting subject names recorded" "1:Ali riyaziyyat:false,1:Riyaziyyat:true,2:Fizika:true,2:Fizika-1:false" \
        "$(n "SELECT string_agg(subject_id || ':' || name_az || ':' || chosen, ',' ORDER BY subject_id, name_az) FROM migration_audit.subject_names")"
    expect "eps 601 merged into subject 1" "1" "$(n "SELECT survivor_id FROM migration_audit.merged_rows WHERE source_table = 'education_plan_subject' AND source_id = 601")"
    expect "eps 605 rejected" "subject_id is NULL (the plan subject names no subject)" "$(rej education_plan_subject 605)"
    expect "courses get subject through education_plan_subject" "700:1,701:2,702:,703:,704:3" \
        "$(n "SELECT string_agg(id || ':' || coalesce(subject_id::text, ''), ',' ORDER BY id) FROM courses")"
    expect "course 702 subject NULL recorded" "education_plan_subject 605 names no subject (subject_id is NULL)" "$(nul course 702 subject_id)"
    expect "course 703 subject NULL recorded" "education_plan_subject 9999 does not exist in legacy education_plan_subject" "$(nul course 703 subject_id)"
    expect "course start dates" "700:2023-09-15,701:2025-02-10,702:2024-10-01,703:,704:" \
        "$(n "SELECT string_agg(id || ':' || coalesce(start_date::text, ''), ',' ORDER BY id) FROM courses")"
    # links
    expect "course_teacher 802 rejected" "course 888 does not exist in legacy course" "$(rej course_teacher 802)"
    expect "course_teacher 803 rejected" "teacher 402 was rejected (see rejected_rows teachers)" "$(rej course_teacher 803)"
    expect "course_student 902 rejected" "student 306 was rejected (see rejected_rows students)" "$(rej course_student 902)"
    expect "course_student 905 rejected" "course_id is NULL (required)" "$(rej course_student 905)"
    expect "group_student 1002 rejected" "education group 502 was rejected (see rejected_rows education_group)" "$(rej education_group_student 1002)"
    expect "group_student 1003 rejected" "student 999 does not exist in legacy students" "$(rej education_group_student 1003)"
    expect "parse_date is inlined by the planner (no per-row SQL function call)" 0 \
        "$(n "EXPLAIN (VERBOSE) SELECT migration_audit.parse_date(in_order_date) FROM migration_stage.students" | grep -c 'migration_audit.parse_date(')"
    expect "parse_date never raises" "2020-01-31,,,2021-03-04,2022-12-31,," "$(n "SELECT array_to_string(ARRAY[migration_audit.parse_date('2020-01-31'), migration_audit.parse_date('2021-02-29'), migration_audit.parse_date('99.99.9999'), migration_audit.parse_date('04/03/2021'), migration_audit.parse_date('2022-12-31T23:59:59.5+04:00'), migration_audit.parse_date('1899-01-01'), migration_audit.parse_date('2020-1-1x')], ',', '')")"
fi

# ------------------------------------------------------------------ timings / bench
echo "== timings (scale ${SCALE:-fixture}, legacy rows $LEGACY_ROWS)"
printf '   %s\n' "${TIMES[@]}"
TOTAL=$(echo "$T_ALL1 - $T_ALL0" | bc)
printf '   %-42s %8.2f s\n' "phases 2-3 total (schema+stage+transfer+loads)" "$TOTAL"
echo "   target rows: $(q edu_new "SELECT sum(n_live_tup) FROM pg_stat_user_tables WHERE schemaname = 'public'")"
printf '   %-42s %8.2f s\n' "phases 2-3 CPU (server backends + clients)" "$(echo "$C_ALL1 - $C_ALL0" | bc)"
if [[ "$BENCH" == 1 ]]; then
    q postgres "CREATE DATABASE edu_copy TEMPLATE template0 ENCODING 'UTF8'"
    t0=$(now); c0=$(cpu_now)
    pg_dump -Fc -Z0 edu | pg_restore -d edu_copy
    q postgres "SELECT 1" >/dev/null  # let the restore backends exit so their CPU is counted
    sleep 1
    t1=$(now); c1=$(cpu_now)
    printf '   %-42s %8.2f s\n' "pg_dump -Fc -Z0 edu | pg_restore" "$(echo "$t1 - $t0" | bc)"
    printf '   %-42s %8.2f s\n' "pg_dump | pg_restore CPU" "$(echo "$c1 - $c0" | bc)"
    printf '   %-42s %8.2f\n' "ratio product / dump|restore (wall)" "$(echo "scale=2; $TOTAL / ($t1 - $t0)" | bc)"
    printf '   %-42s %8.2f\n' "ratio product / dump|restore (CPU)" "$(echo "scale=2; ($C_ALL1 - $C_ALL0) / ($c1 - $c0)" | bc)"
    echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi

if [[ $FAILS -gt 0 ]]; then echo "FAILED: $FAILS assertion(s)" >&2; exit 1; fi
echo "ALL PASSED"
