-- edu-migrate seed --replace: drops the older copy of the legacy database (forcing its sessions
-- out). Runs on the maintenance database; :"database" is filled in.
DROP DATABASE :"database" WITH (FORCE)
