-- The target's staging schema for the executor tests: all-text columns in manifest order.
CREATE SCHEMA migration_stage;
CREATE TABLE migration_stage.dictionaries (id text, type_id text, code text, name_az text, name_en text,
                                                    name_ru text, parent_id text);
CREATE TABLE migration_stage.persons (id text, firstname text, lastname text, patronymic text, gender_id text,
                                               birthdate text, pincode text, citizenship_id text, create_date text,
                                               update_date text);
CREATE TABLE migration_stage.students (id text, person_id text, user_id text, card_number text, org_id text,
                                                in_order_date text, active text, create_date text, update_date text);
-- The ledger table the transfer's key check writes to (as migration/00_staging.sql defines it).
CREATE SCHEMA migration_audit;
CREATE TABLE migration_audit.rejected_rows (source_table text NOT NULL, source_id bigint, reason text NOT NULL,
                                            row_data jsonb NOT NULL, rejected_at timestamptz NOT NULL DEFAULT now(),
                                            key_problem boolean NOT NULL DEFAULT false);
CREATE TABLE migration_audit.transfer_counts (source_table text PRIMARY KEY, rows_copied bigint NOT NULL,
                                              copied_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE migration_audit.source_fingerprints (source_table text PRIMARY KEY, row_count bigint NOT NULL,
                                                  content_hash text NOT NULL, method text,
                                                  taken_at timestamptz NOT NULL DEFAULT now());
