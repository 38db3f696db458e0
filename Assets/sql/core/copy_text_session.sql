-- Session settings of every COPY that is fingerprinted on the legacy side ($1 = client encoding:
-- transfer.source_encoding when configured, else UTF8). The fingerprint (CopyDigest, method
-- copy-text-fnv64) hashes the COPY text bytes, so phase 3's transfer (hashing in the relay as the
-- rows pass) and the window's compare of the frozen database (COPY out, hashed, nothing stored)
-- must see the same bytes for the same rows: every setting that shapes COPY text output is set
-- here, on both paths, instead of trusting server, database or role defaults.
-- DateStyle ISO: unambiguous dates whatever the target's DateStyle. TimeZone UTC: only
-- timestamptz output depends on it (the legacy schema has none; a timestamptz column would reach
-- staging as UTC text with its +00 offset). extra_float_digits 3: floats exactly.
SELECT set_config('client_encoding', $1, false),
       set_config('DateStyle', 'ISO, MDY', false),
       set_config('TimeZone', 'UTC', false),
       set_config('extra_float_digits', '3', false),
       set_config('IntervalStyle', 'postgres', false),
       set_config('bytea_output', 'hex', false);
