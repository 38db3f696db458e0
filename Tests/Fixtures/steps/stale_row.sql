-- A row left over from an earlier, interrupted transfer: the next transfer must truncate it.
INSERT INTO migration_stage.persons (id) VALUES ('stale row from an earlier try');
