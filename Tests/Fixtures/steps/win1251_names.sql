-- In a SQL_ASCII copy of the tiny legacy database: names stored as WIN1251 bytes, the way an old
-- Windows application wrote them ("Əli Məmmədov" has no WIN1251 form; Cyrillic does: "Алия Ким").
UPDATE persons SET firstname = E'\xC0\xEB\xE8\xFF', lastname = E'\xCA\xE8\xEC' WHERE id = 1;
