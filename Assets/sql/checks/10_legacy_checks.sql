-- Phase 1 data checks on the legacy database (plan step preparation.data-checks).
-- Pure SQL, read-only, one statement; columns name, status (pass|warn|fail), evidence.
-- The core opens the legacy database with default_transaction_read_only=on; the first check
-- proves it from inside the session, so nothing later can write to the legacy database.
SELECT name, status, evidence FROM (
    SELECT 1 AS ord, 'legacy session is read-only' AS name,
           CASE WHEN current_setting('transaction_read_only') = 'on' THEN 'pass' ELSE 'fail' END AS status,
           'transaction_read_only=' || current_setting('transaction_read_only')
           || ', default_transaction_read_only=' || current_setting('default_transaction_read_only')
           || CASE WHEN current_setting('transaction_read_only') = 'on' THEN ''
                   ELSE ' - open the source with options=''-c default_transaction_read_only=on''' END AS evidence
    UNION ALL
    SELECT 2, 'server version >= 15',
           CASE WHEN current_setting('server_version_num')::int >= 150000 THEN 'pass' ELSE 'fail' END,
           'server_version=' || current_setting('server_version')
    UNION ALL
    SELECT 3, 'legacy database encoding is UTF8',
           CASE WHEN pg_encoding_to_char(d.encoding) = 'UTF8' THEN 'pass' ELSE 'warn' END,
           'encoding=' || pg_encoding_to_char(d.encoding) || ', collate=' || d.datcollate || ', ctype=' || d.datctype
    FROM pg_database d WHERE d.datname = current_database()
    UNION ALL
    SELECT 4, 'the ' || max(e.total) || ' legacy tables exist in schema public',
           CASE WHEN count(t.relname) = max(e.total) THEN 'pass' ELSE 'fail' END,
           CASE WHEN count(t.relname) = max(e.total) THEN count(t.relname) || ' of ' || max(e.total) || ' present'
                ELSE 'missing: ' || string_agg(e.name, ', ' ORDER BY e.ord) FILTER (WHERE t.relname IS NULL) END
    -- the tables of the manifest (Assets/plan/legacy_tables.yaml), passed by the core as
    -- the variable legacy_tables (JSON, [{"name": ..., "columns": [...]}, ...]), in its order
    FROM (SELECT l.entry->>'name' AS name, l.ord, jsonb_array_length(:'legacy_tables'::jsonb) AS total
          FROM jsonb_array_elements(:'legacy_tables'::jsonb) WITH ORDINALITY AS l(entry, ord)) e
    -- any relation the copy can read (a table, partitioned table, view, materialized or foreign
    -- table), as the legacy-columns check accepts them; not only pg_stat_user_tables' tables
    LEFT JOIN pg_class t ON t.relnamespace = 'public'::regnamespace AND t.relname = e.name AND t.relkind IN ('r', 'p', 'v', 'm', 'f')
    UNION ALL
    SELECT 5, 'foreign keys declared in the legacy database',
           'pass',
           count(*) || ' foreign key(s)'
           || CASE WHEN count(*) = 0 THEN ': nothing prevents orphans, see the orphan rows of the critical issues' ELSE '' END
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'
    UNION ALL
    SELECT 6, 'legacy database size (backups need 3x free)',
           'pass',
           pg_size_pretty(pg_database_size(current_database())) || ' (' || pg_database_size(current_database())
           || ' bytes), about ' || (SELECT coalesce(sum(n_live_tup), 0) FROM pg_stat_user_tables) || ' live rows'
    UNION ALL
    SELECT 7, 'table statistics are current (analyzed)',
           CASE WHEN count(*) FILTER (WHERE coalesce(last_analyze, last_autoanalyze) IS NULL) = 0 THEN 'pass' ELSE 'warn' END,
           CASE WHEN count(*) FILTER (WHERE coalesce(last_analyze, last_autoanalyze) IS NULL) = 0
                THEN 'all ' || count(*) || ' tables analyzed'
                ELSE 'never analyzed: ' || string_agg(relname, ', ' ORDER BY relname)
                         FILTER (WHERE coalesce(last_analyze, last_autoanalyze) IS NULL)
                     || ' (live_rows in table statistics may be off; pre-migration counts are exact)' END
    FROM pg_stat_user_tables WHERE schemaname = 'public'
    UNION ALL
    SELECT 8, 'no prepared transactions pending',
           CASE WHEN count(*) = 0 THEN 'pass' ELSE 'warn' END,
           count(*) || ' prepared transaction(s)' || coalesce(': ' || string_agg(gid, ', '), '')
    FROM pg_prepared_xacts WHERE database = current_database()
    UNION ALL
    SELECT 9, 'no long-running transactions on the legacy database',
           CASE WHEN count(*) = 0 THEN 'pass' ELSE 'warn' END,
           count(*) || ' other session(s) in a transaction for more than 5 minutes'
           || coalesce(': pids ' || string_agg(pid::text, ', ' ORDER BY pid), '')
    FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid()
      AND xact_start < now() - interval '5 minutes'
) c
ORDER BY ord;
