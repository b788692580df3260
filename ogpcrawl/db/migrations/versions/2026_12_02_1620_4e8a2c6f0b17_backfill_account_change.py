"""Backfill social_accounts.change for the snapshots stored before revision 3b7e9d1c5a42, so
v_changes keeps showing the accounts that went quiet in runs already stored.

Revision ID: 4e8a2c6f0b17
Revises: 9d2f4b6a8c13
Create Date: 2026-12-02 16:20:00

Like revision 5c1e0d7a9b31's backfill, this asks the judgement layer of the code that runs the
upgrade (detect/verdicts.account_changes): a rule restated here could only drift from it. Each
snapshot is compared with the agency's snapshot in the newest finished run of the same spider
started before its run, the pair the snapshot writer uses. Rows already judged are left alone.
The downgrade removes nothing (the column is revision 3b7e9d1c5a42's).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4e8a2c6f0b17"
down_revision: str | None = "9d2f4b6a8c13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from ogpcrawl.detect.verdicts import account_changes

    bind = op.get_bind()
    runs = sa.table(
        "runs",
        sa.column("run_id", sa.String),
        sa.column("spider", sa.String),
        sa.column("started_at", sa.DateTime),
        sa.column("status", sa.String),
    )
    snaps = sa.table(
        "snapshots",
        sa.column("id", sa.Integer),
        sa.column("run_id", sa.String),
        sa.column("agency_id", sa.String),
    )
    accounts = sa.table(
        "social_accounts",
        sa.column("snapshot_id", sa.Integer),
        sa.column("url", sa.String),
        sa.column("activity", sa.String),
        sa.column("change", sa.String),
    )
    # The accounts as stored (url, activity): enough for the rule, and light (no `data`).
    social: dict[int, list[dict]] = {}
    for snapshot_id, url, activity in bind.execute(
        sa.select(accounts.c.snapshot_id, accounts.c.url, accounts.c.activity).where(
            accounts.c.activity.is_not(None)
        )
    ):
        social.setdefault(snapshot_id, []).append({"url": url, "activity": activity})
    if not social:
        return
    stmt = (
        sa.select(snaps.c.id, snaps.c.agency_id, runs.c.spider, runs.c.status)
        .join(runs, runs.c.run_id == snaps.c.run_id)
        .order_by(snaps.c.agency_id, runs.c.spider, runs.c.started_at, runs.c.run_id)
    )
    last: dict[tuple[str, str], dict] = {}  # (agency, spider) -> newest finished snapshot so far
    updates = []
    for snapshot_id, agency_id, spider, status in bind.execute(stmt).all():
        key = (agency_id, spider)
        current = {"social": social.get(snapshot_id, [])}
        for url, change in account_changes(last.get(key), current).items():
            updates.append((snapshot_id, url, change))
        if status == "finished":
            last[key] = current
    for snapshot_id, url, change in updates:
        bind.execute(
            sa.update(accounts)
            .where(
                accounts.c.snapshot_id == snapshot_id,
                accounts.c.url == url,
                accounts.c.change.is_(None),
            )
            .values(change=change)
        )


def downgrade() -> None:
    pass
