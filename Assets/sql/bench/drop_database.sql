-- edu-migrate bench: removes a database an earlier method or bench run left (untimed).
DROP DATABASE IF EXISTS :"database" WITH (FORCE)
