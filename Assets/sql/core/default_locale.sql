-- The cluster's own locale (template0), used for CREATE DATABASE when `locale:` is not configured.
SELECT datcollate AS locale FROM pg_database WHERE datname = 'template0'
