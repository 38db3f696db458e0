-- Phase 1, Day 5-7: pre-migration counts (the guide's pre_migration_counts, for every legacy
-- table instead of five, and as a plain query: the legacy session is read-only, so no TEMP table).
-- Columns: table_name, count. Exact counts (count(*)), in the manifest's transfer/dependency order:
-- the tables are Assets/plan/legacy_tables.yaml's, passed by the core as the variable
-- legacy_tables (JSON); each is counted by a query built for it (query_to_xml: nothing created).
SELECT m.name AS table_name,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM public.%I', m.name), false, true, '')))[1]::text::bigint
           AS count
FROM (SELECT l.entry->>'name' AS name, l.position
      FROM jsonb_array_elements(:'legacy_tables'::jsonb) WITH ORDINALITY AS l(entry, position)) m
ORDER BY m.position;
