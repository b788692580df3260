"""The whole path on a few sites of the offline farm: agencies → spiders → SiteSnapshot →
pipelines → SQLite → annex files, through http_proxy/https_proxy only.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from ogpcrawl.items import CONTRACT_FIELDS, OUTPUT_FIELDS
from ogpcrawl.validation import validate_snapshot
from tests.conftest import run_crawl

pytestmark = pytest.mark.e2e

LOCALS = ["binegedi", "nizami", "xankendi", "absheron", "sabunchu"]
CENTRALS = ["taxes", "stat", "customs"]


@pytest.fixture(scope="module")
def crawls(farm, tmp_path_factory):
    work = tmp_path_factory.mktemp("crawl")
    common = {"AS_OF": "2018-08-20", "DATABASE_URL": f"sqlite:///{work / 'ogp.db'}"}
    local = run_crawl(
        "local_ih", work, env=farm.env, settings=common, args={"only": ",".join(LOCALS)}
    )
    central = run_crawl(
        "ministries", work, env=farm.env, settings=common, args={"only": ",".join(CENTRALS)}
    )
    return local, central, work


def test_crawls_succeed(crawls):
    local, central, _ = crawls
    assert local.returncode == 0, local.stderr[-3000:]
    assert central.returncode == 0, central.stderr[-3000:]


def test_one_snapshot_per_agency_with_every_contract_field(crawls):
    local, central, _ = crawls
    for result, ids in ((local, LOCALS), (central, CENTRALS)):
        got = [s["agency_id"] for s in result.snapshots]
        assert sorted(got) == sorted(ids)
        for s in result.snapshots:
            assert set(CONTRACT_FIELDS) <= set(s), set(CONTRACT_FIELDS) - set(s)
            assert set(s) <= set(OUTPUT_FIELDS), set(s) - set(OUTPUT_FIELDS)
            assert validate_snapshot(s) == []
            assert s["as_of"] == "2018-08-20"
            assert "pages" not in s


def test_dead_site_is_reported_not_dropped(crawls):
    local, _, _ = crawls
    x = local.by_id()["xankendi"]
    assert x["reachable"] is False
    assert x["error"] == "dns"  # the proxy's Proxy-Status says the host does not resolve
    assert x["final_url"] is None


def test_unverified_hostname_falls_back_to_its_alternate_spelling(crawls):
    local, _, _ = crawls
    a = local.by_id()["absheron"]
    assert a["reachable"] is True
    assert a["address"]["answered"] == "http://abseron-ih.gov.az/"
    assert a["address"]["tried"][0] == "http://absheron-ih.gov.az/"


def test_indicators_on_known_sites(crawls):
    local, central, _ = crawls
    nizami = local.by_id()["nizami"]
    assert nizami["procurement"]["section"] is True
    assert nizami["procurement"]["items"] == 4
    assert nizami["procurement"]["last_item"] == "2018-05-05"
    binegedi = local.by_id()["binegedi"]
    assert binegedi["council"]["status"] == "active"
    assert binegedi["council"]["last_event"] == "2018-08-05"
    assert binegedi["search_box"] is True
    assert central.by_id()["stat"]["procurement"]["section"] is True


def test_rows_in_sqlite(crawls):
    local, central, work = crawls
    engine = create_engine(f"sqlite:///{work / 'ogp.db'}")
    with engine.connect() as c:
        runs = c.execute(text("SELECT run_id, spider, status FROM runs")).all()
        assert {r.spider for r in runs} == {"local_ih", "ministries"}
        assert all(r.status == "finished" for r in runs), runs
        rows = c.execute(text("SELECT agency_id, reachable, data FROM snapshots")).all()
    assert sorted(r.agency_id for r in rows) == sorted(LOCALS + CENTRALS)
    stored = {r.agency_id: json.loads(r.data) if isinstance(r.data, str) else r.data for r in rows}
    assert stored["xankendi"]["reachable"] is False
    assert stored["nizami"] == local.by_id()["nizami"]


def test_both_annexes_are_rendered(crawls):
    local, central, work = crawls
    out = work / "output"
    annex1 = list(out.glob("*/annex1_local.html"))
    annex2 = list(out.glob("*/annex2_central.html"))
    assert len(annex1) == 1 and len(annex2) == 1
    html1 = annex1[0].read_text(encoding="utf-8")
    assert "İŞLƏMİR" in html1  # Xankəndi
    assert "Binəqədi" in html1 and "Var" in html1
    assert list(out.glob("*/annex1_local.csv")) and list(out.glob("*/annex2_central.csv"))


def test_malformed_agencies_file_stops_before_any_request(farm, tmp_path):
    bad = tmp_path / "agencies.csv"
    bad.write_text(
        "agency_id,name,level,family,url\n"
        "aa,A,local,local_ih,http://aa-ih.gov.az/\n"
        "bb,B,local,local_ih,not a url\n",
        encoding="utf-8",
    )
    before = len(farm.requests())
    r = run_crawl("local_ih", tmp_path / "w", env=farm.env, settings={"AGENCIES_FILE": bad})
    assert r.returncode == 2
    assert f"ogpcrawl: {bad}:3: column 'url': malformed URL" in r.stderr
    assert len(farm.requests()) == before


@pytest.mark.parametrize(
    "url, message",
    [
        (
            "postgresql+psycopg://postgres@127.0.0.1:9/nowhere",
            "ogpcrawl: database unavailable at postgresql+psycopg://postgres@127.0.0.1:9/nowhere",
        ),
        ("nosuchdb://x/y", "DATABASE_URL cannot be used"),
    ],
)
def test_unreachable_database_stops_before_any_request(farm, tmp_path, url, message):
    before = len(farm.requests())
    r = run_crawl(
        "local_ih",
        tmp_path / "w",
        env=farm.env,
        args={"only": "nizami"},
        settings={"DATABASE_URL": url},
    )
    assert r.returncode == 2
    assert message in r.stderr
    assert len(farm.requests()) == before
