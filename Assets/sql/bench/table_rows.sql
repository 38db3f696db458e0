-- edu-migrate bench: rows of one table of a method's copy; :"table" is filled in.
SELECT count(*) AS n FROM public.:"table"
