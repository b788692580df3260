"""Verdict columns: the judgement layer's answers stored with each snapshot; views read them.

Revision ID: 5c1e0d7a9b31
Revises: db8078fef7b2
Create Date: 2026-12-02 15:00:00

snapshots gains cell_2_4 … cell_5_6 (the annex cell's verdict: yes, no, unknown, down),
mobile_version, council_formed, news_stale, eservices_present and annex_notes, written by the
snapshot writer from ogpcrawl/detect/verdicts.py; agencies gains alt_urls. v_latest_snapshot,
v_annex_rows, v_annex1 and v_annex2 are recreated to read the stored verdicts instead of
restating the rules in SQL (the old SQL said "Var" for an announced council and for a viewport
that failed the phone check, where the annex said "Yoxdur").

Migrations are frozen history: the vocabulary is spelled out here. The one exception is the
backfill of rows written before this revision: it asks the judgement layer of the code that runs
the upgrade, because a verdict restated here could only drift from it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c1e0d7a9b31"
down_revision: str | None = "db8078fef7b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CELL_KINDS = ("yes", "no", "unknown", "down")
CELLS = ("2_4", "4_2_1", "4_2_2", "5_6")
VERDICTS = ("mobile_version", "council_formed", "news_stale", "eservices_present")

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

V_LATEST_SNAPSHOT = (
    "CREATE VIEW v_latest_snapshot AS\nSELECT"
    + _LATEST_COLUMNS
    + """
    s.cell_2_4, s.cell_4_2_1, s.cell_4_2_2, s.cell_5_6,
    s.mobile_version, s.council_formed, s.news_stale, s.eservices_present,
    s.data"""
    + _LATEST_WHERE
)


def _word(column: str) -> str:
    # The stored verdict in the annex's words; the verdict itself is never recomputed here.
    return (
        f"CASE {column} WHEN 'yes' THEN 'Var' WHEN 'no' THEN 'Yoxdur' "
        f"WHEN 'unknown' THEN 'Naməlum' WHEN 'down' THEN 'İŞLƏMİR' END"
    )


# Every snapshot as an annex row: the cells and notes the rendered annex prints for it.
V_ANNEX_ROWS = f"""
CREATE VIEW v_annex_rows AS
SELECT
    s.run_id, s.id AS snapshot_id, s.agency_id, a.level, s.as_of,
    a.annex_no AS no, a.name,
    {_word("s.cell_2_4")} AS col_2_4,
    {_word("s.cell_4_2_1")} AS col_4_2_1,
    {_word("s.cell_4_2_2")} AS col_4_2_2,
    {_word("s.cell_5_6")} AS col_5_6,
    s.annex_notes AS notes,
    s.cell_2_4, s.cell_4_2_1, s.cell_4_2_2, s.cell_5_6,
    s.mobile_version, s.council_formed, s.news_stale, s.eservices_present
FROM snapshots s
JOIN agencies a ON a.agency_id = s.agency_id
"""  # noqa: S608 - fixed text, no input

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

# The previous revision's bodies, for the downgrade.
OLD_V_LATEST_SNAPSHOT = (
    "CREATE VIEW v_latest_snapshot AS\nSELECT" + _LATEST_COLUMNS + "\n    s.data" + _LATEST_WHERE
)
OLD_V_ANNEX_ROWS = """
CREATE VIEW v_annex_rows AS
SELECT
    s.run_id, s.id AS snapshot_id, s.agency_id, a.level, s.as_of,
    a.annex_no AS no, a.name,
    CASE WHEN NOT s.reachable THEN 'İŞLƏMİR'
         WHEN s.viewport OR s.responsive OR s.mobile_url IS NOT NULL OR s.social_count > 0
         THEN 'Var' ELSE 'Yoxdur' END AS col_2_4,
    CASE WHEN NOT s.reachable THEN 'İŞLƏMİR'
         WHEN s.council_status IN ('announcement', 'members', 'active') OR s.council_events > 0
         THEN 'Var' ELSE 'Yoxdur' END AS col_4_2_1,
    CASE WHEN NOT s.reachable THEN 'İŞLƏMİR'
         WHEN s.council_section THEN 'Var' ELSE 'Yoxdur' END AS col_4_2_2,
    CASE WHEN NOT s.reachable THEN 'İŞLƏMİR'
         WHEN s.procurement_section THEN 'Var' ELSE 'Yoxdur' END AS col_5_6,
    CASE WHEN NOT s.reachable
         THEN 'Sayt açılmır (' || COALESCE(s.error, 'other') || ')'
         ELSE 'Elektron xidmətlər: '
              || CASE WHEN s.eservices_section
                      THEN COALESCE(CAST(s.eservices_count AS VARCHAR(12)), 'var')
                      ELSE 'yoxdur' END
              || '. Xəbərlər: '
              || CASE WHEN s.news_per_month IS NULL THEN 'tapılmadı'
                      ELSE 'ayda ' || CAST(ROUND(CAST(s.news_per_month AS NUMERIC), 1) AS VARCHAR(16))
                           || COALESCE(', sonuncu ' || CAST(s.news_days_since_last AS VARCHAR(12))
                                       || ' gün əvvəl', '')
                 END
              || '.'
    END AS notes
FROM snapshots s
JOIN agencies a ON a.agency_id = s.agency_id
"""

DEPENDENT_VIEWS = ("v_annex1", "v_annex2", "v_annex_rows", "v_latest_snapshot")


def _backfill() -> None:
    """Judge the snapshots already stored, with the code that runs this upgrade."""
    from ogpcrawl.db.flatten import verdict_columns

    bind = op.get_bind()
    snapshots = sa.table("snapshots", sa.column("id", sa.Integer), sa.column("data", sa.JSON))
    targets = sa.table(
        "snapshots",
        sa.column("id", sa.Integer),
        *(sa.column(f"cell_{c}", sa.String) for c in CELLS),
        *(sa.column(v, sa.Boolean) for v in VERDICTS),
        sa.column("annex_notes", sa.Text),
    )
    rows = bind.execute(sa.select(snapshots.c.id, snapshots.c.data)).all()
    for snapshot_id, data in rows:
        if not isinstance(data, dict):
            continue
        try:
            values = verdict_columns(data)
        except Exception:  # a row the current code cannot judge keeps NULL verdicts
            continue
        bind.execute(sa.update(targets).where(targets.c.id == snapshot_id).values(**values))


def upgrade() -> None:
    for name in DEPENDENT_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    quoted = ", ".join(f"'{k}'" for k in CELL_KINDS)
    for c in CELLS:
        op.add_column(
            "snapshots",
            sa.Column(
                f"cell_{c}",
                sa.String(length=16),
                sa.CheckConstraint(f"cell_{c} IN ({quoted})", name=op.f(f"ck_snapshots_cell_{c}")),
                nullable=True,
            ),
        )
    for v in VERDICTS:
        op.add_column("snapshots", sa.Column(v, sa.Boolean(), nullable=True))
    op.add_column("snapshots", sa.Column("annex_notes", sa.Text(), nullable=True))
    op.add_column("agencies", sa.Column("alt_urls", sa.Text(), nullable=True))
    _backfill()
    for body in (V_LATEST_SNAPSHOT, V_ANNEX_ROWS, V_ANNEX1, V_ANNEX2):
        op.execute(body)


def downgrade() -> None:
    for name in DEPENDENT_VIEWS:
        op.execute(f"DROP VIEW IF EXISTS {name}")
    # Plain DROP COLUMN (SQLite >= 3.35): batch mode would rebuild the tables under the other
    # views, which SQLite refuses.
    op.drop_column("agencies", "alt_urls")
    op.drop_column("snapshots", "annex_notes")
    for v in reversed(VERDICTS):
        op.drop_column("snapshots", v)
    for c in reversed(CELLS):  # its CHECK goes with the column
        op.drop_column("snapshots", f"cell_{c}")
    for body in (OLD_V_LATEST_SNAPSHOT, OLD_V_ANNEX_ROWS, V_ANNEX1, V_ANNEX2):
        op.execute(body)
