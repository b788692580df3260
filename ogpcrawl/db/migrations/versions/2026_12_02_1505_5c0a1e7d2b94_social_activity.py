"""Social accounts' activity: activity, last_post, posts_90d per account; v_changes shows an
account that went quiet.

Revision ID: 5c0a1e7d2b94
Revises: 5e1c0a7d9b34
Create Date: 2026-12-02 15:05:00

Migrations are frozen history: spell values out here, never import vocab.py or the models.
v_changes gains quiet_account / resumed_account (the url of an account, the same in both runs,
whose activity went from posting to `stopped`, or back) and social_change ('went_quiet',
'resumed'); a pair of runs where only that changed is listed too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5c0a1e7d2b94"
down_revision: str | None = "5e1c0a7d9b34"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVITY_CHECK = "activity IN ('intense', 'active', 'moderate', 'weak', 'stopped', 'unknown')"

V_CHANGES_OLD = """
CREATE VIEW v_changes AS
WITH pairs AS (
    SELECT
        s.id AS cur_id, r.spider,
        LAG(s.id) OVER (PARTITION BY s.agency_id, r.spider ORDER BY r.started_at, s.id) AS prev_id
    FROM snapshots s
    JOIN runs r ON r.run_id = s.run_id
    WHERE r.status = 'finished'
),
compared AS (
    SELECT
        cur.agency_id, a.name, a.level, p.spider,
        prev.run_id AS prev_run_id, cur.run_id,
        prev.as_of AS prev_as_of, cur.as_of,
        CASE WHEN prev.reachable AND NOT cur.reachable THEN 'went_down'
             WHEN cur.reachable AND NOT prev.reachable THEN 'came_back'
        END AS reachability_change,
        CASE WHEN prev.reachable AND cur.reachable THEN
            CASE WHEN cur.council_section AND NOT prev.council_section THEN 'appeared'
                 WHEN prev.council_section AND NOT cur.council_section THEN 'vanished'
            END
        END AS council_change,
        CASE WHEN prev.reachable AND cur.reachable THEN
            CASE WHEN cur.procurement_section AND NOT prev.procurement_section THEN 'appeared'
                 WHEN prev.procurement_section AND NOT cur.procurement_section THEN 'vanished'
            END
        END AS procurement_change,
        CASE WHEN prev.reachable AND cur.reachable THEN
            CASE WHEN (prev.news_cadence IN ('daily', 'weekly', 'monthly')
                       AND cur.news_cadence IN ('rare', 'none'))
                      OR (prev.news_days_since_last <= 60 AND cur.news_days_since_last > 60)
                 THEN 'stopped'
                 WHEN (cur.news_cadence IN ('daily', 'weekly', 'monthly')
                       AND prev.news_cadence IN ('rare', 'none'))
                      OR (cur.news_days_since_last <= 60 AND prev.news_days_since_last > 60)
                 THEN 'resumed'
            END
        END AS posting_change,
        prev.news_cadence AS prev_news_cadence, cur.news_cadence,
        prev.news_days_since_last AS prev_news_days_since_last, cur.news_days_since_last,
        CASE WHEN prev.reachable AND cur.reachable
                  AND (COALESCE(prev.rating_2_4, '') <> COALESCE(cur.rating_2_4, '')
                       OR COALESCE(prev.rating_4_2_1, '') <> COALESCE(cur.rating_4_2_1, '')
                       OR COALESCE(prev.rating_4_2_2, '') <> COALESCE(cur.rating_4_2_2, '')
                       OR COALESCE(prev.rating_5_6, '') <> COALESCE(cur.rating_5_6, ''))
             THEN TRUE ELSE FALSE
        END AS ratings_changed,
        prev.rating_2_4 AS prev_rating_2_4, cur.rating_2_4,
        prev.rating_4_2_1 AS prev_rating_4_2_1, cur.rating_4_2_1,
        prev.rating_4_2_2 AS prev_rating_4_2_2, cur.rating_4_2_2,
        prev.rating_5_6 AS prev_rating_5_6, cur.rating_5_6
    FROM pairs p
    JOIN snapshots cur ON cur.id = p.cur_id
    JOIN snapshots prev ON prev.id = p.prev_id
    JOIN agencies a ON a.agency_id = cur.agency_id
)
SELECT * FROM compared
WHERE reachability_change IS NOT NULL
   OR council_change IS NOT NULL
   OR procurement_change IS NOT NULL
   OR posting_change IS NOT NULL
   OR ratings_changed
"""

V_CHANGES = """
CREATE VIEW v_changes AS
WITH pairs AS (
    SELECT
        s.id AS cur_id, r.spider,
        LAG(s.id) OVER (PARTITION BY s.agency_id, r.spider ORDER BY r.started_at, s.id) AS prev_id
    FROM snapshots s
    JOIN runs r ON r.run_id = s.run_id
    WHERE r.status = 'finished'
),
compared AS (
    SELECT
        cur.agency_id, a.name, a.level, p.spider,
        prev.run_id AS prev_run_id, cur.run_id,
        prev.as_of AS prev_as_of, cur.as_of,
        CASE WHEN prev.reachable AND NOT cur.reachable THEN 'went_down'
             WHEN cur.reachable AND NOT prev.reachable THEN 'came_back'
        END AS reachability_change,
        CASE WHEN prev.reachable AND cur.reachable THEN
            CASE WHEN cur.council_section AND NOT prev.council_section THEN 'appeared'
                 WHEN prev.council_section AND NOT cur.council_section THEN 'vanished'
            END
        END AS council_change,
        CASE WHEN prev.reachable AND cur.reachable THEN
            CASE WHEN cur.procurement_section AND NOT prev.procurement_section THEN 'appeared'
                 WHEN prev.procurement_section AND NOT cur.procurement_section THEN 'vanished'
            END
        END AS procurement_change,
        CASE WHEN prev.reachable AND cur.reachable THEN
            CASE WHEN (prev.news_cadence IN ('daily', 'weekly', 'monthly')
                       AND cur.news_cadence IN ('rare', 'none'))
                      OR (prev.news_days_since_last <= 60 AND cur.news_days_since_last > 60)
                 THEN 'stopped'
                 WHEN (cur.news_cadence IN ('daily', 'weekly', 'monthly')
                       AND prev.news_cadence IN ('rare', 'none'))
                      OR (cur.news_days_since_last <= 60 AND prev.news_days_since_last > 60)
                 THEN 'resumed'
            END
        END AS posting_change,
        prev.news_cadence AS prev_news_cadence, cur.news_cadence,
        prev.news_days_since_last AS prev_news_days_since_last, cur.news_days_since_last,
        CASE WHEN prev.reachable AND cur.reachable
                  AND (COALESCE(prev.rating_2_4, '') <> COALESCE(cur.rating_2_4, '')
                       OR COALESCE(prev.rating_4_2_1, '') <> COALESCE(cur.rating_4_2_1, '')
                       OR COALESCE(prev.rating_4_2_2, '') <> COALESCE(cur.rating_4_2_2, '')
                       OR COALESCE(prev.rating_5_6, '') <> COALESCE(cur.rating_5_6, ''))
             THEN TRUE ELSE FALSE
        END AS ratings_changed,
        prev.rating_2_4 AS prev_rating_2_4, cur.rating_2_4,
        prev.rating_4_2_1 AS prev_rating_4_2_1, cur.rating_4_2_1,
        prev.rating_4_2_2 AS prev_rating_4_2_2, cur.rating_4_2_2,
        prev.rating_5_6 AS prev_rating_5_6, cur.rating_5_6,
        -- an account (the same url in both runs) that posted before and has stopped now
        (SELECT MIN(ca.url) FROM social_accounts ca
         JOIN social_accounts pa ON pa.url = ca.url AND pa.snapshot_id = prev.id
         WHERE ca.snapshot_id = cur.id AND ca.activity = 'stopped'
           AND pa.activity IN ('intense', 'active', 'moderate', 'weak')) AS quiet_account,
        (SELECT MIN(ca.url) FROM social_accounts ca
         JOIN social_accounts pa ON pa.url = ca.url AND pa.snapshot_id = prev.id
         WHERE ca.snapshot_id = cur.id AND pa.activity = 'stopped'
           AND ca.activity IN ('intense', 'active', 'moderate', 'weak')) AS resumed_account
    FROM pairs p
    JOIN snapshots cur ON cur.id = p.cur_id
    JOIN snapshots prev ON prev.id = p.prev_id
    JOIN agencies a ON a.agency_id = cur.agency_id
)
SELECT
    compared.*,
    CASE WHEN quiet_account IS NOT NULL THEN 'went_quiet'
         WHEN resumed_account IS NOT NULL THEN 'resumed'
    END AS social_change
FROM compared
WHERE reachability_change IS NOT NULL
   OR quiet_account IS NOT NULL
   OR resumed_account IS NOT NULL
   OR council_change IS NOT NULL
   OR procurement_change IS NOT NULL
   OR posting_change IS NOT NULL
   OR ratings_changed
"""


def upgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_changes")
    with op.batch_alter_table("social_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("activity", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("last_post", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("posts_90d", sa.Integer(), nullable=True))
        batch_op.create_check_constraint(op.f("ck_social_accounts_activity"), ACTIVITY_CHECK)
    op.execute(V_CHANGES)


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_changes")
    with op.batch_alter_table("social_accounts", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_social_accounts_activity"), type_="check")
        batch_op.drop_column("posts_90d")
        batch_op.drop_column("last_post")
        batch_op.drop_column("activity")
    op.execute(V_CHANGES_OLD)
