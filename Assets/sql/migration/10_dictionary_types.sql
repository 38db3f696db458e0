-- Load dictionary_types: derived (no legacy table): one row per distinct dictionaries.type_id,
-- code 'TYPE_<id>', name 'Legacy Type <id>' (the guide's Day-11 export).
-- One transaction (run by the core); idempotent: deletes its own rows first.

DELETE FROM public.dictionary_types;

INSERT INTO public.dictionary_types (id, code, name_az)
SELECT t.id, 'TYPE_' || t.id, 'Legacy Type ' || t.id
FROM (SELECT DISTINCT s.type_id::bigint AS id
      FROM migration_stage.dictionaries s
      WHERE s.type_id IS NOT NULL) t;
