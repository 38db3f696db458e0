-- edu-migrate seed: rows of one table written; :"table" is filled in.
SELECT count(*) FROM public.:"table"
