"""Evidence archive: where a run's archive is, the run a re-judged run came from, and each
snapshot's capture ids (docs/evidence.md).

Revision ID: 5e1c0a7d9b34
Revises: 5c1e0d7a9b31
Create Date: 2026-12-02 15:00:00

Migrations are frozen history: spell values out here, never import vocab.py or the models.
Plain ADD COLUMNs (nullable, no constraints), so SQLite needs no table rebuild and the analyst
views that read `snapshots` and `runs` stay as they are.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "5e1c0a7d9b34"
down_revision: str | None = "5c1e0d7a9b31"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSONType = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.add_column("runs", sa.Column("archive", sa.String(length=1024), nullable=True))
    op.add_column("runs", sa.Column("source_run_id", sa.String(length=64), nullable=True))
    op.add_column("snapshots", sa.Column("home_record_id", sa.String(length=128), nullable=True))
    op.add_column("snapshots", sa.Column("capture_ids", JSONType, nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35): a batch rebuild would trip over the analyst views.
    op.drop_column("snapshots", "capture_ids")
    op.drop_column("snapshots", "home_record_id")
    op.drop_column("runs", "source_run_id")
    op.drop_column("runs", "archive")
