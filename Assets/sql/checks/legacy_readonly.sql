-- Is this session unable to write? (same as `SHOW transaction_read_only`, as name/status/evidence)
-- The full phase-1 check list, this check included, is 10_legacy_checks.sql (the plan runs that one).
SELECT 'legacy session is read-only' AS name,
       CASE current_setting('transaction_read_only') WHEN 'on' THEN 'pass' ELSE 'fail' END AS status,
       format('transaction_read_only=%s default_transaction_read_only=%s',
              current_setting('transaction_read_only'),
              current_setting('default_transaction_read_only')) AS evidence;
