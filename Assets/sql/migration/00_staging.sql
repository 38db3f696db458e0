-- Phase 3, first step: staging area and audit ledger in the TARGET database.
--
-- migration_stage: one all-`text` table per legacy table of Assets/plan/legacy_tables.yaml,
--   columns in its order (made from the variable legacy_tables below). The core's transfer step
--   fills them (TRUNCATE + COPY legacy → stage, one transaction per table). All text, so nothing
--   can fail on the way in; every cast happens in the set-based loads (10_… 35_…), where bad values are rejected or NULLed and recorded.
-- migration_audit: the zero-loss ledger (DESIGN.md): merged_rows, rejected_rows, plus
--   nulled_values (a value set to NULL: orphan reference, unparseable date), renamed_values
--   (a key changed to stay unique: usernames, student numbers), subject_names (conflicting names
--   of one subject id), person_map / account_map (legacy id → surviving id), load_counts (source
--   rows counted at the end of each table's load) and the view reconciliation.
-- Helper functions are IMMUTABLE and never raise. Run once per target in one transaction;
-- re-runnable (IF NOT EXISTS / CREATE OR REPLACE), never drops staged data.

SET LOCAL client_min_messages = warning;  -- no 'already exists, skipping' notices in the live panel

CREATE SCHEMA IF NOT EXISTS migration_stage;
CREATE SCHEMA IF NOT EXISTS migration_audit;

-- ---------------------------------------------------------------- staging (manifest order)
-- One table per entry of Assets/plan/legacy_tables.yaml, its columns in the manifest's order, all
-- text. The manifest is the one declaration of the legacy tables: the core passes it as the
-- variable legacy_tables (JSON, [{"name": ..., "columns": [...]}, ...] in manifest order; psql -v
-- for the SQL suites). A DO block sees no variables, so it reads the list from a setting local to
-- this transaction.
SELECT set_config('edu_migrate.legacy_tables', :'legacy_tables', true) AS legacy_tables;
DO $$
DECLARE t jsonb;
BEGIN
    FOR t IN SELECT jsonb_array_elements(current_setting('edu_migrate.legacy_tables')::jsonb) LOOP
        EXECUTE format('CREATE TABLE IF NOT EXISTS migration_stage.%I (%s)', t->>'name',
                       (SELECT string_agg(format('%I text', c), ', ' ORDER BY n)
                        FROM jsonb_array_elements_text(t->'columns') WITH ORDINALITY AS col(c, n)));
    END LOOP;
END $$;

-- Logged, not UNLOGGED: crash recovery empties unlogged tables, and the journal records the
-- transfer as done, so a run resumed after a server crash loaded empty staging tables and
-- reconciled against them (whole tables missing, phase 4 passed). The transfer writes them in
-- the transaction that truncated them, so under wal_level=minimal they still write no WAL.
-- Staging tables of a database made by an older version are turned logged here.
DO $$
DECLARE t record;
BEGIN
    FOR t IN SELECT c.oid::regclass AS rel FROM pg_class c
             WHERE c.relnamespace = 'migration_stage'::regnamespace AND c.relkind = 'r' AND c.relpersistence = 'u' LOOP
        EXECUTE format('ALTER TABLE %s SET LOGGED', t.rel);
    END LOOP;
END $$;

-- ---------------------------------------------------------------- ledger
CREATE TABLE IF NOT EXISTS migration_audit.merged_rows (
    source_table text   NOT NULL,
    source_id    bigint NOT NULL,
    survivor_id  bigint NOT NULL,
    rule         text   NOT NULL,
    merged_at    timestamptz NOT NULL DEFAULT now(),
    -- the merged legacy row as it was (its values may differ from the survivor's: a birthdate,
    -- a password): nothing a merge folds away is lost from the ledger
    row_data     jsonb
);
ALTER TABLE migration_audit.merged_rows ADD COLUMN IF NOT EXISTS row_data jsonb;
CREATE INDEX IF NOT EXISTS merged_rows_source_idx ON migration_audit.merged_rows (source_table, source_id);

CREATE TABLE IF NOT EXISTS migration_audit.rejected_rows (
    source_table text   NOT NULL,
    source_id    bigint,
    reason       text   NOT NULL,
    row_data     jsonb  NOT NULL,
    rejected_at  timestamptz NOT NULL DEFAULT now(),
    -- true: rejected by the transfer's key check (migration/05_legacy_keys.sql: NULL or repeated
    -- legacy id), source_id NULL; the loads leave these rows alone.
    key_problem  boolean NOT NULL DEFAULT false
);
ALTER TABLE migration_audit.rejected_rows ADD COLUMN IF NOT EXISTS key_problem boolean NOT NULL DEFAULT false;
CREATE INDEX IF NOT EXISTS rejected_rows_source_idx ON migration_audit.rejected_rows (source_table, source_id);

-- A migrated row kept, but one of its values could not be: set to NULL (orphan reference,
-- unparseable date). legacy_value is the text as staged.
CREATE TABLE IF NOT EXISTS migration_audit.nulled_values (
    source_table text   NOT NULL,
    source_id    bigint NOT NULL,
    column_name  text   NOT NULL,
    legacy_value text,
    reason       text   NOT NULL
);
CREATE INDEX IF NOT EXISTS nulled_values_source_idx ON migration_audit.nulled_values (source_table, source_id);

-- A migrated row kept, but a unique value was changed to stay unique (documented rule).
CREATE TABLE IF NOT EXISTS migration_audit.renamed_values (
    source_table text   NOT NULL,
    source_id    bigint NOT NULL,
    column_name  text   NOT NULL,
    old_value    text,
    new_value    text   NOT NULL,
    rule         text   NOT NULL
);
CREATE INDEX IF NOT EXISTS renamed_values_source_idx ON migration_audit.renamed_values (source_table, source_id);

CREATE OR REPLACE VIEW migration_audit.renamed_accounts AS
SELECT source_id AS account_id, old_value AS old_username, new_value AS new_username, rule
FROM migration_audit.renamed_values
WHERE source_table = 'accounts' AND column_name = 'username';

-- Every distinct name seen for one subject id (education_plan_subject), with the chosen one.
CREATE TABLE IF NOT EXISTS migration_audit.subject_names (
    subject_id   bigint NOT NULL,
    name_az      text,
    occurrences  bigint NOT NULL,
    first_eps_id bigint NOT NULL,
    chosen       boolean NOT NULL
);

-- Legacy id → surviving target id, for every migrated or merged row (rejected ones are absent).
-- Views, not tables: writing a 500k-row map (+ its index) per load cost more than the loads
-- remapping through the target table and the (small) merged_rows set directly.
CREATE OR REPLACE VIEW migration_audit.person_map AS
SELECT id AS source_id, id AS survivor_id FROM public.persons
UNION ALL
SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'persons';
CREATE OR REPLACE VIEW migration_audit.account_map AS
SELECT id AS source_id, id AS survivor_id FROM public.accounts
UNION ALL
SELECT source_id, survivor_id FROM migration_audit.merged_rows WHERE source_table = 'accounts';

-- Rows each table's transfer copied into staging (written by migration/05_legacy_keys.sql in the
-- transfer's own transaction). Every load takes its source_rows from migration_audit.staged_rows,
-- which stops the load when staging no longer holds them.
CREATE TABLE IF NOT EXISTS migration_audit.transfer_counts (
    source_table text PRIMARY KEY,
    rows_copied  bigint NOT NULL,
    copied_at    timestamptz NOT NULL DEFAULT now()
);

-- ensure_primary_key: adds the primary key `<table>_pkey (id)` of a public table unless it has one.
-- The keys steps (80_keys_*, 81_keys_*) run as separate nodes of the migration graph, each after
-- its table's load; re-running one must not drop the key under the foreign keys another step has
-- built since (DROP ... CASCADE would). 01_reset_keys.sql drops every key before a load re-runs.
CREATE OR REPLACE FUNCTION migration_audit.ensure_primary_key(t text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = format('public.%I', t)::regclass AND contype = 'p') THEN
        EXECUTE format('ALTER TABLE public.%I ADD CONSTRAINT %I PRIMARY KEY (id)', t, t || '_pkey');
    END IF;
END $$;

-- staged_rows: the legacy rows a load accounts for (staged + rejected by the transfer's key check),
-- checked against what the transfer copied. Raises (the load rolls back) when they differ: the
-- staging copy changed after the transfer, and a load would reconcile against the wrong count.
CREATE OR REPLACE FUNCTION migration_audit.staged_rows(legacy_table text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    staged bigint; keyed bigint; copied bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM migration_stage.%I', legacy_table) INTO staged;
    SELECT count(*) INTO keyed FROM migration_audit.rejected_rows WHERE source_table = legacy_table AND key_problem;
    SELECT rows_copied INTO copied FROM migration_audit.transfer_counts WHERE source_table = legacy_table;
    IF copied IS NULL OR staged + keyed <> copied THEN
        RAISE EXCEPTION 'staging table migration_stage.% holds % rows (+ % rejected for their id), but the transfer copied %',
                        legacy_table, staged, keyed, coalesce(copied::text, 'nothing recorded')
              USING HINT = 'the staging copy changed after the transfer (emptied or restored): run step migration.transfer '
                           'again (wizard: select it, F6/s), then the loads from this one';
    END IF;
    RETURN staged + keyed;
END $$;

-- Filled by the last statement of each table's load.
CREATE TABLE IF NOT EXISTS migration_audit.load_counts (
    source_table text PRIMARY KEY,
    position     int    NOT NULL,
    target_table text   NOT NULL,
    source_rows  bigint NOT NULL,
    migrated     bigint NOT NULL,
    loaded_at    timestamptz NOT NULL DEFAULT now()
);

-- Written by the transfer step: each legacy table's fingerprint, hashed by the transfer as the
-- COPY text of the manifest's columns passed through it (method copy-text-fnv64, see
-- core/copy_text_session.sql). The maintenance window compares the frozen legacy database with it
-- by the same method. `method` added by ALTER too, for a target staged by an older version.
CREATE TABLE IF NOT EXISTS migration_audit.source_fingerprints (
    source_table text PRIMARY KEY,
    row_count    bigint NOT NULL,
    content_hash text   NOT NULL,
    method       text,
    taken_at     timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE migration_audit.source_fingerprints ADD COLUMN IF NOT EXISTS method text;

-- source_rows = migrated + merged + rejected, per legacy table.
CREATE OR REPLACE VIEW migration_audit.reconciliation AS
SELECT l.source_table,
       l.source_rows,
       l.migrated,
       coalesce(m.n, 0) AS merged,
       coalesce(r.n, 0) AS rejected,
       l.source_rows = l.migrated + coalesce(m.n, 0) + coalesce(r.n, 0) AS balanced
FROM migration_audit.load_counts l
LEFT JOIN (SELECT source_table, count(*) AS n FROM migration_audit.merged_rows GROUP BY 1) m
       USING (source_table)
LEFT JOIN (SELECT source_table, count(*) AS n FROM migration_audit.rejected_rows GROUP BY 1) r
       USING (source_table)
ORDER BY l.position;

-- ---------------------------------------------------------------- helpers (IMMUTABLE, never raise)

-- Blank characters a legacy text may carry at its ends besides the space: tab, newlines,
-- no-break spaces, the Unicode spaces, zero-width characters and the byte-order mark.
-- clean_text: trimmed of them; blank → NULL. (Inlined; btrim with a character set, no regex.)
CREATE OR REPLACE FUNCTION migration_audit.clean_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT nullif(btrim(t, E' \t\n\r\x0b\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff'), '') $$;

-- pincode_norm: an identifier as compared and stored: every blank character removed (also
-- inside: 'AZE 123' = 'AZE123'), upper case; blank → NULL. Plain letters and digits (nearly
-- every value) skip the translate, which costs more on multibyte text than the regex check.
CREATE OR REPLACE FUNCTION migration_audit.pincode_norm(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^[0-9A-Za-z]*$' THEN nullif(upper(t), '')
                ELSE nullif(upper(translate(t, E' \t\n\r\x0b\f\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff', '')), '') END $$;

-- pincode_is_id: false for a normalized pincode that cannot identify a person — a placeholder
-- ('-', '0000000', 'N/A', 'NULL', 'YOX', 'BİLİNMİR'…: no letter or digit, one repeated
-- character, or a word for "none"/"unknown") or longer than 64 characters (no national id is;
-- and a unique index cannot hold a multi-kilobyte key). Such a pincode never merges persons;
-- it is stored as NULL and recorded (migration/20_persons.sql).
CREATE OR REPLACE FUNCTION migration_audit.pincode_is_id(p text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT char_length(p) <= 64
       AND p ~ '[0-9A-Z]|[^\x01-\x7F]'  -- an ASCII letter or digit, or any other script (not [[:alnum:]]: ASCII-only under the C locale)
       AND ltrim(p, left(p, 1)) <> ''
       AND p NOT IN ('NULL', 'NONE', 'NIL', 'NA', 'N/A', 'N.A.', 'NAN', 'UNKNOWN', 'UNDEFINED', 'EMPTY',
                     'YOX', 'YOXDUR', 'BILINMIR', 'BİLİNMİR', 'НЕТ', 'НЕИЗВЕСТНО') $$;


-- Text date → date. Accepts ISO date (YYYY-MM-DD, also / or . separators), ISO timestamp
-- (date + time, optional fraction and zone; the zone is ignored: the date as written is kept),
-- and day-first DD.MM.YYYY (also DD/MM/YYYY, DD-MM-YYYY: legacy data is day-first), compact
-- YYYYMMDD, and an English month name with the day before or after it and the 4-digit year last
-- ('15 January 2020', '15-JAN-2020', 'Jan 15, 2020'; see the branch for why nothing looser).
-- Blank, junk, impossible dates (31.02.2020, month 13) and years outside 1900-2100 → NULL.
-- Speed (measured): regexp_match with capture groups cost ~35 µs a call; the common shapes are
-- recognised without a regex and the rest validated with `~` (no captures) and split: ~7 µs;
-- parse_date (below) handles the commonest shape inline before calling this.
CREATE OR REPLACE FUNCTION migration_audit.parse_date_general(t text) RETURNS date
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    s text := coalesce(migration_audit.clean_text(t), '');  -- blanks of any kind at the ends
    shape text := translate(s, '0123456789', '9999999999');
    months constant text := '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?';
    y int; mo int; d int;
BEGIN
    -- Fast paths for the shapes that make up almost all values: no regex.
    IF shape = '9999-99-99' OR shape = '9999-99-99 99:99:99' THEN
        y := left(s, 4)::int; mo := substr(s, 6, 2)::int; d := substr(s, 9, 2)::int;
    ELSIF shape = '99.99.9999' THEN
        d := left(s, 2)::int; mo := substr(s, 4, 2)::int; y := substr(s, 7, 4)::int;
    ELSIF shape = '99999999' THEN
        y := left(s, 4)::int; mo := substr(s, 5, 2)::int; d := substr(s, 7, 2)::int;
    -- General forms: 1-2 digit day/month, / or . separators, 'T', fraction, zone.
    ELSIF s ~ '^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$' THEN
        s := translate(s, '/.T', '-- ');
        y := split_part(s, '-', 1)::int;
        mo := split_part(s, '-', 2)::int;
        d := split_part(split_part(s, '-', 3), ' ', 1)::int;
    ELSIF s ~ '^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$' THEN
        s := translate(s, '/.T', '-- ');
        d := split_part(s, '-', 1)::int;
        mo := split_part(s, '-', 2)::int;
        y := left(split_part(s, '-', 3), 4)::int;
    -- An English month name: exactly '15 January 2020', '15-JAN-2020', '1st March 2021' or
    -- 'Jan 15, 2020', 'Sept 3 2019' (day 1-2 digits, 4-digit year last). Nothing looser: handed
    -- to PostgreSQL's own reader, 'March 5-6, 1990' or '01 02 Sep 1990' became a valid date in
    -- another year (a stray number read as a 2-digit year), silently.
    ELSIF s ~* ('^\d{1,2}(?:st|nd|rd|th)?[-\s/.]+' || months || '[-\s/.,]+\d{4}$')
       OR s ~* ('^' || months || '[-\s/.]+\d{1,2}(?:st|nd|rd|th)?,?[-\s/.]+\d{4}$') THEN
        d := substring(s FROM '\d{1,2}')::int;
        y := right(s, 4)::int;
        mo := (strpos('janfebmaraprmayjunjulaugsepoctnovdec', lower(substring(s FROM '(?i)[a-z]{3}'))) + 2) / 3;
    ELSE
        RETURN NULL;
    END IF;
    IF y < 1900 OR y > 2100 OR mo < 1 OR mo > 12 OR d < 1 OR d > 31 THEN
        RETURN NULL;
    END IF;
    -- Day validity without an exception: day d of month mo exists iff adding d-1 days to the
    -- first of the month stays in that month.
    IF d > 28 AND extract(month FROM make_date(y, mo, 1) + (d - 1)) <> mo THEN
        RETURN NULL;
    END IF;
    RETURN make_date(y, mo, d);
END
$$;

-- parse_date: the plain ISO date with a day <= 28 (the bulk of real values) is built inline (the
-- planner inlines this SQL function — only immutable parts: a ::date cast would prevent it);
-- everything else goes to the general parser above. Both never raise.
CREATE OR REPLACE FUNCTION migration_audit.parse_date(t text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t ~ '^\d{4}-\d\d-\d\d$' AND left(t, 4) BETWEEN '1900' AND '2100'
                     AND substr(t, 6, 2) BETWEEN '01' AND '12' AND substr(t, 9, 2) BETWEEN '01' AND '28'
                THEN make_date(left(t, 4)::int, substr(t, 6, 2)::int, substr(t, 9, 2)::int)
                ELSE migration_audit.parse_date_general(t) END $$;

-- Dedup key: trimmed, case-folded; blank → NULL. (Inlined by the planner.)
CREATE OR REPLACE FUNCTION migration_audit.norm_key(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT nullif(lower(btrim(t)), '') $$;

-- Safe casts: NULL instead of an error for blanks, junk and out-of-range values; a whole number
-- written with zero decimals ('30.00', from a numeric(10,2) column) is that number; blanks of
-- any kind around it are ignored (clean_text: \s also matches U+2009, which a cast refuses).
-- (Inlined.)
CREATE OR REPLACE FUNCTION migration_audit.to_int(t text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN migration_audit.clean_text(t) ~ '^[+-]?[0-9]{1,10}(\.0*)?$'
                     AND split_part(migration_audit.clean_text(t), '.', 1)::bigint BETWEEN -2147483648 AND 2147483647
                THEN split_part(migration_audit.clean_text(t), '.', 1)::integer END $$;
CREATE OR REPLACE FUNCTION migration_audit.to_bigint(t text) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN migration_audit.clean_text(t) ~ '^[+-]?[0-9]{1,18}(\.0*)?$'
                THEN split_part(migration_audit.clean_text(t), '.', 1)::bigint END $$;

-- Legacy 0/1 flag → boolean, whatever the legacy column's type (smallint 0/1, boolean t/f, text
-- 'Y'/'yes'/'true'); anything else (NULL, junk, 2) → NULL. '1' and '0' (nearly every value) take
-- the first branches, so the general spelling check runs only for the rest. (Inlined.)
CREATE OR REPLACE FUNCTION migration_audit.to_flag(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN t = '1' THEN true WHEN t = '0' THEN false
                ELSE CASE lower(btrim(t))
                         WHEN '1' THEN true WHEN 't' THEN true WHEN 'true' THEN true WHEN 'y' THEN true WHEN 'yes' THEN true
                         WHEN '0' THEN false WHEN 'f' THEN false WHEN 'false' THEN false WHEN 'n' THEN false WHEN 'no' THEN false
                         ELSE CASE migration_audit.to_int(t) WHEN 1 THEN true WHEN 0 THEN false END  -- '1.0', '01' (numeric columns)
                     END
           END $$;

-- record_junk_flags: after a load, records in nulled_values every migrated row whose legacy flag
-- was neither 0/1 nor a yes/no spelling (7, 2, 'x'): the load read it as 0 (the guide's "else"),
-- and the DBA sees every value the migration decided on. One pass over the staged table; only
-- the rare non-0/1 values are parsed. Returns how many were recorded.
CREATE OR REPLACE FUNCTION migration_audit.record_junk_flags(legacy_table text, flag text, target_table text,
                                                            target_column text, zero_means text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    EXECUTE format($q$
        INSERT INTO migration_audit.nulled_values (source_table, source_id, column_name, legacy_value, reason)
        SELECT %1$L, s.id::bigint, %4$L, s.%2$I,
               %2$L || ' ''' || s.%2$I || ''' is not a 0/1 flag; read as 0 (' || %5$L || ')'
        FROM migration_stage.%1$I s
        WHERE s.%2$I IS NOT NULL AND s.%2$I NOT IN ('0', '1') AND migration_audit.to_flag(s.%2$I) IS NULL
          AND s.id::bigint IN (SELECT id FROM public.%3$I)$q$,
        legacy_table, flag, target_table, target_column, zero_means);
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$;
