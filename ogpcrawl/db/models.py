"""The database schema as typed SQLAlchemy models: runs, agencies, snapshots and their lists.

`snapshots.data` keeps each snapshot dict exactly as the crawl emitted it (the contract); the other
snapshot columns are a flattened, queryable copy of the indicators analysts filter on. Closed
vocabularies become CHECK constraints so a typo cannot invent a status in the database either.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ogpcrawl import vocab

# Run lifecycle; owned by the database layer (a run is a database notion, not a contract field).
RUN_STATUSES = ("running", "finished", "failed", "interrupted")

# Column sizes for scraped strings; writers cap values to these (store.py) so a hostile page
# cannot make a row unwritable.
ID_LEN = 64
NAME_LEN = 300
URL_LEN = 2048
SHORT_LEN = 32

# Verdict kinds an annex cell shows (detect/verdicts.py), and the cell columns' suffixes.
CELL_KINDS = vocab.CELL_KINDS
CELL_COLUMNS = ("2_4", "4_2_1", "4_2_2", "5_6")

# Predictable constraint names, so later migrations (SQLite batch mode included) can address them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSONB on PostgreSQL (indexable, operators for analysts), plain JSON text elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    """CHECK column IN (values); NULL passes, as SQL CHECKs do, so nullability stays separate."""
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSONType, datetime: DateTime(timezone=True)}


class Run(Base):
    __tablename__ = "runs"
    __table_args__ = (_one_of("status", RUN_STATUSES, "status"),)

    run_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    spider: Mapped[str] = mapped_column(String(ID_LEN))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    as_of: Mapped[date]
    status: Mapped[str] = mapped_column(String(16))
    # The settings that shape results (budget, render mode, AS_OF...), for reproducing a run.
    settings: Mapped[dict[str, Any]]
    # Counts at finish: agencies, reachable, unreachable, pages, errors {kind: n}, plus the crawl's.
    summary: Mapped[dict[str, Any]]
    # The run's evidence archive (its WACZ; docs/evidence.md), and for a re-judged run the run
    # whose archive it was judged from.
    archive: Mapped[str | None] = mapped_column(String(1024))
    source_run_id: Mapped[str | None] = mapped_column(String(ID_LEN))

    snapshots: Mapped[list[Snapshot]] = relationship(back_populates="run")


class Agency(Base):
    __tablename__ = "agencies"
    __table_args__ = (
        _one_of("level", vocab.LEVELS, "level"),
        _one_of("family", vocab.FAMILIES, "family"),
    )

    agency_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    name: Mapped[str] = mapped_column(String(NAME_LEN))
    level: Mapped[str] = mapped_column(String(16))
    family: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(String(URL_LEN))
    # Agencies-file extras: not in the snapshot, supplied by Store.upsert_agencies().
    annex_no: Mapped[int | None]
    local_type: Mapped[str | None] = mapped_column(String(SHORT_LEN))
    host_confidence: Mapped[str | None] = mapped_column(String(SHORT_LEN))
    alt_urls: Mapped[str | None] = mapped_column(Text)  # other addresses tried, space-separated
    updated_at: Mapped[datetime]

    snapshots: Mapped[list[Snapshot]] = relationship(back_populates="agency")


class Snapshot(Base):
    __tablename__ = "snapshots"
    __table_args__ = (
        UniqueConstraint("run_id", "agency_id"),
        Index(None, "agency_id"),
        _one_of("error", vocab.ERRORS, "error"),
        _one_of("council_status", vocab.COUNCIL_STATUSES, "council_status"),
        _one_of("news_cadence", vocab.CADENCES, "news_cadence"),
        _one_of("rating_2_4", vocab.RATINGS, "rating_2_4"),
        _one_of("rating_4_2_1", vocab.RATINGS, "rating_4_2_1"),
        _one_of("rating_4_2_2", vocab.RATINGS, "rating_4_2_2"),
        _one_of("rating_5_6", vocab.RATINGS, "rating_5_6"),
        *(_one_of(f"cell_{c}", CELL_KINDS, f"cell_{c}") for c in CELL_COLUMNS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.run_id", ondelete="CASCADE"))
    agency_id: Mapped[str] = mapped_column(ForeignKey("agencies.agency_id"))
    crawled_at: Mapped[datetime]
    as_of: Mapped[date]
    reachable: Mapped[bool]
    error: Mapped[str | None] = mapped_column(String(16))
    final_url: Mapped[str | None] = mapped_column(String(URL_LEN))
    pages_fetched: Mapped[int]

    # Indicator columns: nullable because an unreachable site has no findings to flatten.
    viewport: Mapped[bool | None]
    mobile_url: Mapped[str | None] = mapped_column(String(URL_LEN))
    responsive: Mapped[bool | None]
    search_box: Mapped[bool | None]
    search_works: Mapped[bool | None]  # a query through the site's own form found a result
    social_count: Mapped[int]
    social_networks: Mapped[str | None] = mapped_column(String(200))  # sorted, ';'-joined
    council_section: Mapped[bool | None]
    council_status: Mapped[str | None] = mapped_column(String(SHORT_LEN))
    council_members: Mapped[int | None]
    council_events: Mapped[int | None]
    council_last_event: Mapped[date | None]
    procurement_section: Mapped[bool | None]
    procurement_items: Mapped[int | None]
    procurement_last_item: Mapped[date | None]
    procurement_portal_links: Mapped[int | None]
    eservices_section: Mapped[bool | None]
    eservices_count: Mapped[int | None]
    eservices_portal_links: Mapped[int | None]
    news_last_date: Mapped[date | None]
    news_per_month: Mapped[float | None] = mapped_column(Float)
    news_days_since_last: Mapped[int | None]
    news_cadence: Mapped[str | None] = mapped_column(String(16))
    news_posts_seen: Mapped[int | None]
    rating_2_4: Mapped[str | None] = mapped_column(String(16))
    rating_4_2_1: Mapped[str | None] = mapped_column(String(16))
    rating_4_2_2: Mapped[str | None] = mapped_column(String(16))
    rating_5_6: Mapped[str | None] = mapped_column(String(16))

    # Verdicts of the judgement layer (detect/verdicts.py), computed when the snapshot is written,
    # so the analyst views read them instead of re-deriving a rule in SQL. cell_*: the annex
    # cell's verdict (yes, no, unknown, down); the booleans are NULL for a site that did not load.
    cell_2_4: Mapped[str | None] = mapped_column(String(16))
    cell_4_2_1: Mapped[str | None] = mapped_column(String(16))
    cell_4_2_2: Mapped[str | None] = mapped_column(String(16))
    cell_5_6: Mapped[str | None] = mapped_column(String(16))
    mobile_version: Mapped[bool | None]
    council_formed: Mapped[bool | None]
    news_stale: Mapped[bool | None]
    eservices_present: Mapped[bool | None]
    # The annex's notes cell in Azerbaijani, as the rendered annex prints it.
    annex_notes: Mapped[str | None] = mapped_column(Text)
    # The archived records the snapshot was judged from: the home page's WARC-Record-ID, and
    # every page's, in the order read (the same ids are in data["captures"]).
    home_record_id: Mapped[str | None] = mapped_column(String(128))
    capture_ids: Mapped[list[str] | None] = mapped_column(JSONType)

    # The snapshot dict exactly as emitted (strings capped, NULs removed).
    data: Mapped[dict[str, Any]]

    run: Mapped[Run] = relationship(back_populates="snapshots")
    agency: Mapped[Agency] = relationship(back_populates="snapshots")
    news_months: Mapped[list[NewsMonth]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    social_accounts: Mapped[list[SocialAccount]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    failed_pages: Mapped[list[FailedPage]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )


def _snapshot_fk() -> Any:
    return mapped_column(ForeignKey("snapshots.id", ondelete="CASCADE"), index=True)


class NewsMonth(Base):
    __tablename__ = "news_months"
    __table_args__ = (UniqueConstraint("snapshot_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    posts: Mapped[int]


class SocialAccount(Base):
    """One account of one snapshot: its history is the same url across runs (v_changes)."""

    __tablename__ = "social_accounts"
    __table_args__ = (
        _one_of("network", vocab.NETWORKS, "network"),
        _one_of("activity", vocab.ACTIVITIES, "activity"),
        _one_of("change", vocab.ACCOUNT_CHANGES, "change"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    network: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(String(URL_LEN))
    # social[].activity, last_post, posts_90d; NULL for snapshots stored before they existed
    activity: Mapped[str | None] = mapped_column(String(16))
    last_post: Mapped[date | None]
    posts_90d: Mapped[int | None]
    # Since the agency's snapshot in the spider's previous finished run: went_quiet, resumed or
    # NULL, as the judgement layer decides it (verdicts.account_changes, when the snapshot is
    # written); v_changes reads it, the alerts ask the same function.
    change: Mapped[str | None] = mapped_column(String(16))


class FailedPage(Base):
    __tablename__ = "failed_pages"
    __table_args__ = (_one_of("error", vocab.ERRORS, "error"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    snapshot_id: Mapped[int] = _snapshot_fk()
    url: Mapped[str] = mapped_column(String(URL_LEN))
    error: Mapped[str] = mapped_column(String(16))
