-- Cutover: whether the new database has phase 3's ledger counts (a plan without phase 3 has none).
SELECT to_regclass('migration_audit.load_counts') IS NOT NULL AS present;
