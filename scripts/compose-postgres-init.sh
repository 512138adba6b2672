#!/bin/sh
# Run once by the postgres image on an empty data directory (docker-compose.yml mounts it into
# /docker-entrypoint-initdb.d). POSTGRES_USER (opsmanager_admin) is the superuser that migrations
# use to hand audit_log to its own role; the platform itself logs in as opsmanager, which owns its
# database but is no superuser, so it cannot alter or empty the audit log.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE opsmanager LOGIN PASSWORD 'opsmanager';
ALTER DATABASE opsmanager OWNER TO opsmanager;
ALTER SCHEMA public OWNER TO opsmanager;
SQL
