-- Source and target tables of the COPY stream tests. The source rows are generated server-side.
CREATE TABLE big (id int, name text, at timestamptz, note text);
CREATE TABLE small (id int, name text, at timestamptz, note text);
