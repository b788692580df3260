"""Read-only analyst role on PostgreSQL: ogp_analyst (NOLOGIN) may SELECT tables and views.

Revision ID: db8078fef7b2
Revises: a871a2120b98
Create Date: 2026-11-25 15:01:06.933924

Migrations are frozen history: spell values out here, never import vocab.py or the models.
A no-op on other databases (SQLite has no roles). Roles are cluster-wide, so creation is guarded,
and a migrating user without CREATEROLE gets a NOTICE instead of a failed crawl: a DBA then runs
sql/analyst_role.sql. People log in as their own roles, made members of ogp_analyst.

Changed (issue 18): the grants are made only where analyst access was asked for, i.e. where
sql/analyst_role.sql granted ogp_analyst CONNECT on this database; before, every database this
revision migrated was opened to the role. Revision 7a1d3c9e5f20 revokes what it had granted.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "db8078fef7b2"
down_revision: str | None = "a871a2120b98"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ogp_analyst') THEN
        IF (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            CREATE ROLE ogp_analyst NOLOGIN;
        ELSE
            RAISE NOTICE 'ogp_analyst not created: % lacks CREATEROLE; run sql/analyst_role.sql',
                current_user;
            RETURN;
        END IF;
    END IF;
    -- Only where asked: sql/analyst_role.sql grants the role CONNECT on this database.
    IF NOT EXISTS (SELECT FROM pg_database d, aclexplode(d.datacl) a
                   WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'
                     AND a.grantee = (SELECT oid FROM pg_roles WHERE rolname = 'ogp_analyst'))
    THEN
        RETURN;
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO ogp_analyst', current_schema());
    EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO ogp_analyst', current_schema());
    -- Tables and views that later migrations create (as this same user) are readable too.
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO ogp_analyst',
                   current_schema());
END
$$
"""

# Revokes in this database only; the role itself is dropped only when no other database still
# grants it something (another ogpcrawl database on the same server, say).
DOWNGRADE = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ogp_analyst') THEN
        RETURN;
    END IF;
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM ogp_analyst',
                   current_schema());
    EXECUTE format('REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM ogp_analyst', current_schema());
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM ogp_analyst', current_schema());
    BEGIN
        DROP ROLE ogp_analyst;
    EXCEPTION WHEN dependent_objects_still_exist OR insufficient_privilege THEN
        RAISE NOTICE 'ogp_analyst kept: still used elsewhere or not ours to drop';
    END;
END
$$
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(UPGRADE)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(DOWNGRADE)
