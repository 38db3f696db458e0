-- Extensions the target schema needs, as the server offers them (check extensions). $1 = text[] of names.
SELECT name, default_version, coalesce(installed_version, '') AS installed_version
FROM pg_available_extensions
WHERE name = ANY($1::text[])
ORDER BY name
