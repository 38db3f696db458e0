-- edu-migrate bench, method 3 (the guide's CSV procedure): one legacy table's manifest columns
-- out to a CSV file, run by `psql -c` on the legacy database. A psql meta-command, so one line,
-- and psql fills no variables in it: the bench fills :"table", :'file' and :columns (the
-- manifest's columns, each quoted) and sends the line without these comments.
\copy (SELECT :columns FROM public.:"table") TO :'file' CSV HEADER
