-- The server's own progress views for the live panel (STYLE.md 8), polled about once a second
-- on a separate connection to the target database while a transfer or SQL step runs there.
-- One row per running operation: item label, done, total (NULL when unknown), unit.
-- The label is `server: <relation>: <operation>` (ItemProgress.serverPrefix): the live panel
-- folds it into the row of the table it works on, or labels it with that table.
SELECT 'server: ' || coalesce(nullif(c.relid, 0)::regclass::text, '(query)') || ': ' || c.command AS item,
       c.tuples_processed AS done,
       NULL::bigint AS total,
       'rows' AS unit
  FROM pg_stat_progress_copy c
 WHERE c.datname = current_database()
UNION ALL
SELECT 'server: ' || i.relid::regclass::text || ': ' || i.command
         || coalesce(' ' || nullif(i.index_relid, 0)::regclass::text, ''),
       CASE WHEN i.blocks_total > 0 THEN i.blocks_done ELSE i.tuples_done END,
       CASE WHEN i.blocks_total > 0 THEN i.blocks_total ELSE nullif(i.tuples_total, 0) END,
       CASE WHEN i.blocks_total > 0 THEN 'blocks' ELSE 'tuples' END || ' (' || i.phase || ')'
  FROM pg_stat_progress_create_index i
 WHERE i.datname = current_database()
