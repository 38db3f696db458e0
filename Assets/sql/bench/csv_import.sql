-- edu-migrate bench, method 3 (the guide's CSV procedure): the CSV file of one legacy table into
-- the empty copy of the legacy schema, run by `psql -c`. As csv_export.sql: one meta-command
-- line; the bench fills :"table", :'file' and :columns and sends it without these comments.
\copy public.:"table" (:columns) FROM :'file' CSV HEADER
