-- One million rows generated server-side, with NULLs, tabs, newlines and Azerbaijani letters
-- so the text COPY format's escaping is exercised.
INSERT INTO big (id, name, at, note)
SELECT g, 'name ' || g || ' ƏəĞğİıÖöŞşÇçÜü', timestamptz '2020-01-01' + g * interval '1 second',
       CASE WHEN g % 10 = 0 THEN NULL WHEN g % 7 = 0 THEN E'line\nbreak\ttab' ELSE md5(g::text) END
FROM generate_series(1, 1000000) g;
