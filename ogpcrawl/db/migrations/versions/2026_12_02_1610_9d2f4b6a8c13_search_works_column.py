"""snapshots.search_works: the contract's search_works (a query sent through the site's own search
form returned a result) as a column beside search_box; v_latest_snapshot shows it.

Revision ID: 9d2f4b6a8c13
Revises: 3b7e9d1c5a42
Create Date: 2026-12-02 16:10:00

Migrations are frozen history: the view bodies are spelled out here (v_latest_snapshot as
revision 5c1e0d7a9b31 wrote it, plus search_works after search_box; v_annex1 and v_annex2 read it
and are recreated unchanged). Snapshots stored before this revision are filled from their `data`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9d2f4b6a8c13"
down_revision: str | None = "3b7e9d1c5a42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LATEST_WHERE = """
FROM snapshots s
JOIN runs r ON r.run_id = s.run_id
JOIN agencies a ON a.agency_id = s.agency_id
WHERE r.status = 'finished'
  AND NOT EXISTS (
    SELECT 1
    FROM snapshots s2
    JOIN runs r2 ON r2.run_id = s2.run_id
    WHERE s2.agency_id = s.agency_id
      AND r2.status = 'finished'
      AND (r2.started_at > r.started_at OR (r2.started_at = r.started_at AND s2.id > s.id))
  )
"""

_LATEST_COLUMNS = """
    s.id AS snapshot_id, s.run_id, r.spider, r.started_at AS run_started_at,
    s.agency_id, a.name, a.level, a.family, a.annex_no,
    s.crawled_at, s.as_of, s.reachable, s.error, s.final_url, s.pages_fetched,
    s.viewport, s.mobile_url, s.responsive, s.search_box, s.social_count, s.social_networks,
    s.council_section, s.council_status, s.council_members, s.council_events,
    s.council_last_event,
    s.procurement_section, s.procurement_items, s.procurement_last_item,
    s.procurement_portal_links,
    s.eservices_section, s.eservices_count, s.eservices_portal_links,
    s.news_last_date, s.news_per_month, s.news_days_since_last, s.news_cadence,
    s.news_posts_seen,
    s.rating_2_4, s.rating_4_2_1, s.rating_4_2_2, s.rating_5_6,"""

OLD_V_LATEST_SNAPSHOT = (
    "CREATE VIEW v_latest_snapshot AS\nSELECT"
    + _LATEST_COLUMNS
    + """
    s.cell_2_4, s.cell_4_2_1, s.cell_4_2_2, s.cell_5_6,
    s.mobile_version, s.council_formed, s.news_stale, s.eservices_present,
    s.data"""
    + _LATEST_WHERE
)

V_ANNEX1 = """
CREATE VIEW v_annex1 AS
SELECT no, name, col_2_4, col_4_2_1, col_4_2_2, col_5_6, notes, agency_id, run_id, as_of
FROM v_annex_rows
WHERE level = 'local' AND snapshot_id IN (SELECT snapshot_id FROM v_latest_snapshot)
"""

V_ANNEX2 = """
CREATE VIEW v_annex2 AS
SELECT no, name, col_2_4, col_4_2_1, col_4_2_2, col_5_6, notes, agency_id, run_id, as_of
FROM v_annex_rows
WHERE level = 'central' AND snapshot_id IN (SELECT snapshot_id FROM v_latest_snapshot)
"""

# This revision's body: search_works right after search_box.
V_LATEST_SNAPSHOT = OLD_V_LATEST_SNAPSHOT.replace(
    "s.search_box,", "s.search_box, s.search_works,", 1
)

DEPENDENT_VIEWS = ("v_annex1", "v_annex2", "v_latest_snapshot")


def _backfill() -> None:
    """search_works from each stored snapshot's data (true, false or null)."""
    bind = op.get_bind()
    snapshots = sa.table(
        "snapshots",
        sa.column("id", sa.Integer),
        sa.column("data", sa.JSON),
        sa.column("search_works", sa.Boolean),
    )
    for snapshot_id, data in bind.execute(sa.select(snapshots.c.id, snapshots.c.data)).all():
        value = data.get("search_works") if isinstance(data, dict) else None
        if isinstance(value, bool):
            bind.execute(
                sa.update(snapshots).where(snapshots.c.id == snapshot_id).values(search_works=value)
            )


def upgrade() -> None:
    for name in DEPENDENT_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    op.add_column("snapshots", sa.Column("search_works", sa.Boolean(), nullable=True))
    _backfill()
    for body in (V_LATEST_SNAPSHOT, V_ANNEX1, V_ANNEX2):
        op.execute(body)


def downgrade() -> None:
    for name in DEPENDENT_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    # Plain DROP COLUMN (SQLite >= 3.35), as revision 5c1e0d7a9b31's downgrade does.
    op.drop_column("snapshots", "search_works")
    for body in (OLD_V_LATEST_SNAPSHOT, V_ANNEX1, V_ANNEX2):
        op.execute(body)
