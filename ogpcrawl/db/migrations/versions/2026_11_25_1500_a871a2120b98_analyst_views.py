"""Analyst views: latest snapshot, annex rows, news per month, changes, commitment shares.

Revision ID: a871a2120b98
Revises: 1f19a39d4b71
Create Date: 2026-11-25 15:00:05.802930

Migrations are frozen history: spell values out here, never import vocab.py or the models.
Views are replaceable objects: to change one, a later migration drops and recreates it (and its
downgrade recreates the body written here). The SQL is portable between SQLite (>= 3.25, window
functions) and PostgreSQL; see docs/queries.md for each view's meaning and an example.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a871a2120b98"
down_revision: str | None = "1f19a39d4b71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The latest snapshot of each agency among finished runs (by run start, then snapshot id).
V_LATEST_SNAPSHOT = """
CREATE VIEW v_latest_snapshot AS
SELECT
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
    s.rating_2_4, s.rating_4_2_1, s.rating_4_2_2, s.rating_5_6,
    s.data
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

# Every snapshot as an annex row, in the report's words. A cell is "Var" when the indicator
# columns show the thing the commitment asks for, "Yoxdur" otherwise, "İŞLƏMİR" when the site
# did not load: 2.4 mobile version or social accounts; 4.2.1 council information (announced,
# members or activity); 4.2.2 a separate council section; 5.6 a procurement section.
V_ANNEX_ROWS = """
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

V_NEWS_MONTHLY = """
CREATE VIEW v_news_monthly AS
SELECT
    s.agency_id, a.name, a.level, s.run_id, r.spider, r.status AS run_status, s.as_of,
    n.month, n.posts
FROM news_months n
JOIN snapshots s ON s.id = n.snapshot_id
JOIN runs r ON r.run_id = s.run_id
JOIN agencies a ON a.agency_id = s.agency_id
"""

# Per agency, each finished run against the previous finished run of the same spider; only pairs
# where something changed. Indicator changes are judged only when the site loaded both times
# (a site that went down shows as reachability_change, not as vanished sections).
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

# Per run and level: how many agencies meet each commitment (rating substantial or complete).
# The denominator is every agency of that level in the run, unreachable ones included.
V_COMMITMENT_SHARE = """
CREATE VIEW v_commitment_share AS
SELECT
    r.run_id, r.spider, r.started_at, r.as_of, r.status AS run_status, a.level,
    COUNT(*) AS agencies,
    SUM(CASE WHEN s.reachable THEN 1 ELSE 0 END) AS reachable,
    SUM(CASE WHEN s.rating_2_4 IN ('substantial', 'complete') THEN 1 ELSE 0 END) AS met_2_4,
    SUM(CASE WHEN s.rating_4_2_1 IN ('substantial', 'complete') THEN 1 ELSE 0 END) AS met_4_2_1,
    SUM(CASE WHEN s.rating_4_2_2 IN ('substantial', 'complete') THEN 1 ELSE 0 END) AS met_4_2_2,
    SUM(CASE WHEN s.rating_5_6 IN ('substantial', 'complete') THEN 1 ELSE 0 END) AS met_5_6,
    ROUND(100.0 * SUM(CASE WHEN s.rating_2_4 IN ('substantial', 'complete') THEN 1 ELSE 0 END)
          / COUNT(*), 1) AS pct_2_4,
    ROUND(100.0 * SUM(CASE WHEN s.rating_4_2_1 IN ('substantial', 'complete') THEN 1 ELSE 0 END)
          / COUNT(*), 1) AS pct_4_2_1,
    ROUND(100.0 * SUM(CASE WHEN s.rating_4_2_2 IN ('substantial', 'complete') THEN 1 ELSE 0 END)
          / COUNT(*), 1) AS pct_4_2_2,
    ROUND(100.0 * SUM(CASE WHEN s.rating_5_6 IN ('substantial', 'complete') THEN 1 ELSE 0 END)
          / COUNT(*), 1) AS pct_5_6
FROM snapshots s
JOIN runs r ON r.run_id = s.run_id
JOIN agencies a ON a.agency_id = s.agency_id
GROUP BY r.run_id, r.spider, r.started_at, r.as_of, r.status, a.level
"""

# Creation order respects dependencies; downgrade drops in reverse.
VIEWS = (
    ("v_latest_snapshot", V_LATEST_SNAPSHOT),
    ("v_annex_rows", V_ANNEX_ROWS),
    ("v_annex1", V_ANNEX1),
    ("v_annex2", V_ANNEX2),
    ("v_news_monthly", V_NEWS_MONTHLY),
    ("v_changes", V_CHANGES),
    ("v_commitment_share", V_COMMITMENT_SHARE),
)


def upgrade() -> None:
    for _name, body in VIEWS:
        op.execute(body)


def downgrade() -> None:
    for name, _body in reversed(VIEWS):
        op.execute(f"DROP VIEW IF EXISTS {name}")
