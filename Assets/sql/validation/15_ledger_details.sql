-- Phase 4, Day 15: what the ledger holds, by kind and reason — what the DBA reads before signing
-- "Validation results reviewed". Reasons name ids and values ('person 123 does not exist …');
-- they are grouped with every number replaced by N, and each group shows its count and up to 5
-- legacy ids (full rows: migration_audit.rejected_rows / merged_rows .row_data).
-- Three statements, one table each; columns: legacy_table, [change, column,] reason, rows, sample_ids.

-- Rejected rows (not migrated; the whole row is in migration_audit.rejected_rows.row_data)
SELECT source_table AS legacy_table, regexp_replace(reason, '[0-9]+', 'N', 'g') AS reason,
       count(*) AS rows,
       array_to_string((array_agg(source_id ORDER BY source_id) FILTER (WHERE source_id IS NOT NULL))[1:5], ', ') AS sample_ids
FROM migration_audit.rejected_rows
GROUP BY 1, 2
ORDER BY 1, 3 DESC, 2;

-- Merged rows (folded into a survivor; references remapped; the row is in merged_rows.row_data)
SELECT source_table AS legacy_table, rule AS reason, count(*) AS rows,
       array_to_string((array_agg(source_id || '→' || survivor_id ORDER BY source_id))[1:5], ', ') AS sample_ids
FROM migration_audit.merged_rows
GROUP BY 1, 2
ORDER BY 1, 3 DESC, 2;

-- Values changed in migrated rows: set to NULL (or a default; legacy value in nulled_values) or
-- renamed to stay unique (old and new value in renamed_values)
SELECT legacy_table, change, "column", regexp_replace(why, '[0-9]+', 'N', 'g') AS reason, count(*) AS rows,
       array_to_string((array_agg(source_id ORDER BY source_id))[1:5], ', ') AS sample_ids
FROM (SELECT source_table AS legacy_table, 'set to NULL' AS change, column_name AS "column", reason AS why, source_id
      FROM migration_audit.nulled_values
      UNION ALL
      SELECT source_table, 'renamed', column_name, rule, source_id
      FROM migration_audit.renamed_values) v
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 5 DESC, 3, 4;
