-- edu-migrate bench: one change to the legacy database before the timed final sync (phases 3-4
-- again on the loaded target), as a write during the maintenance window's run-up would be.
UPDATE persons SET lastname = lastname || ' (bench)' WHERE id = (SELECT min(id) FROM persons)
