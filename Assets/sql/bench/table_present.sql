-- edu-migrate bench: does a legacy table exist in schema public of a method's copy? $1 = the
-- table name (a method that failed early may have created none).
SELECT to_regclass(format('public.%I', $1::text)) IS NOT NULL AS present
