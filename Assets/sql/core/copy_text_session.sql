-- Session settings of every COPY that is fingerprinted on the legacy side ($1 = client encoding:
-- transfer.source_encoding when configured, else UTF8). The fingerprint (CopyDigest, method
-- copy-text-fnv64) hashes the COPY text bytes, so phase 3's transfer (hashing in the relay as the
-- rows pass) and the window's compare of the frozen database (COPY out, hashed, nothing stored)
-- must see the same bytes for the same rows: every setting that shapes COPY text output is set
-- here, on both paths, instead of trusting server, database or role defaults.
-- DateStyle ISO: unambiguous dates whatever the target's DateStyle. extra_float_digits 3: floats
-- exactly. TimeZone is left as the server/role sets it, on purpose: a timestamptz column reaches
-- staging as local time text, which the loads' ::timestamp casts read as the application saw it
-- (forcing UTC would shift such values by the offset). Both paths run in sessions of the same
-- server and role, so they print the same; a TimeZone changed in between only makes the compare
-- see a change and sync (the safe direction).
SELECT set_config('client_encoding', $1, false),
       set_config('DateStyle', 'ISO, MDY', false),
       set_config('extra_float_digits', '3', false),
       set_config('IntervalStyle', 'postgres', false),
       set_config('bytea_output', 'hex', false);
