"""Analyst access only where asked: revoke what revision db8078fef7b2 granted ogp_analyst in a
database where sql/analyst_role.sql never ran (issue 18).

Revision ID: 7a1d3c9e5f20
Revises: 5c0a1e7d2b94
Create Date: 2026-12-02 15:40:00

Migrations are frozen history. "Asked" means: ogp_analyst holds CONNECT on this database by an
explicit grant (sql/analyst_role.sql makes it; PUBLIC's default CONNECT does not count). Where
asked, nothing changes. A no-op on other databases and where the role does not exist. The
downgrade restores nothing: access granted without being asked for is not history to keep.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "7a1d3c9e5f20"
down_revision: str | None = "5c0a1e7d2b94"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = """
DO $$
DECLARE
    analyst oid := (SELECT oid FROM pg_roles WHERE rolname = 'ogp_analyst');
BEGIN
    IF analyst IS NULL THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT FROM pg_database d, aclexplode(d.datacl) a
               WHERE d.datname = current_database() AND a.privilege_type = 'CONNECT'
                 AND a.grantee = analyst) THEN
        RETURN;  -- asked for here: keep it
    END IF;
    EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I REVOKE SELECT ON TABLES FROM ogp_analyst',
                   current_schema());
    EXECUTE format('REVOKE SELECT ON ALL TABLES IN SCHEMA %I FROM ogp_analyst', current_schema());
    EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM ogp_analyst', current_schema());
END
$$
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(UPGRADE)


def downgrade() -> None:
    pass
