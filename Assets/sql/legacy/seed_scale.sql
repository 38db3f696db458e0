-- edu-migrate seed: how many persons seed.sql generates (it reads edu.seed_scale); :'scale' is
-- filled in.
SET edu.seed_scale = :'scale'
