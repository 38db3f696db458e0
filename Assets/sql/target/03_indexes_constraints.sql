-- Phase 2, Day 10: the target's unique keys (the constraints the migration's dedup relies on).
--
-- Split, measured (see migration/80_indexes_constraints.sql): foreign keys, the index on every
-- FK column and the trigram name indexes are built AFTER the data load by
-- migration/80_indexes_constraints.sql (end of phase 3). Loading 4-5M rows into tables that
-- already carry 23 FK triggers and ~26 secondary indexes (two of them GIN) costs per-row RI
-- checks and index maintenance; building them once on the loaded tables is a sort per index and
-- one anti-join per FK. The unique keys stay here: they are cheap to maintain during the load and
-- make a dedup defect fail the load of the faulty table instead of a later step.
-- Re-runnable (IF NOT EXISTS). Run by the core in one transaction.

-- Normalized pincode: stored trimmed and upper-cased (migration/20_persons.sql), compared case-folded.
CREATE UNIQUE INDEX IF NOT EXISTS persons_pincode_norm_key ON persons (lower(pincode));
-- Case-folded username.
CREATE UNIQUE INDEX IF NOT EXISTS accounts_username_norm_key ON accounts (lower(username));
-- Student number.
CREATE UNIQUE INDEX IF NOT EXISTS students_student_id_number_key ON students (student_id_number);
-- Codes of the derived/reference rows.
CREATE UNIQUE INDEX IF NOT EXISTS dictionary_types_code_key ON dictionary_types (code);
-- At most one current academic year.
CREATE UNIQUE INDEX IF NOT EXISTS academic_years_one_current ON academic_years (is_current) WHERE is_current;
