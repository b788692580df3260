"""Summary counts, compliance shares and official claims."""

from __future__ import annotations

import json

import pytest
from report_helpers import RUN, sample_run, snapshot

from ogpcrawl.report import render_report
from ogpcrawl.report.claims import ClaimsError, claims_2018, parse_claims
from ogpcrawl.report.messages import catalogue
from ogpcrawl.report.summary import narrative_references, summarise

AZ = catalogue("az")


@pytest.fixture(scope="module")
def summary():
    snaps, agencies = sample_run()
    return summarise(snaps, AZ, "az", agencies, claims={"2.4": 86})


def metrics(summary, level):
    ls = next(x for x in summary["levels"] if x.level == level)
    return {m.key: m for m in ls.metrics}


@pytest.mark.parametrize(
    "key, count, names",
    [
        ("monitored", 5, None),
        ("type_city", 2, ["Gəncə", "Xankəndi"]),
        ("unreachable", 1, ["Xankəndi"]),
        ("mobile", 4, ["Gəncə", "Daşkəsən", "Binəqədi", "Nizami"]),
        ("news_stale", 1, ["Gəncə"]),
        ("news_frequent", 1, ["Binəqədi"]),
        ("search_box", 1, ["Binəqədi"]),
        ("social", 2, ["Binəqədi", "Nizami"]),
        ("council_formed", 1, ["Binəqədi"]),
        ("council_not_formed", 3, ["Gəncə", "Daşkəsən", "Nizami"]),
        ("council_section", 2, ["Binəqədi", "Nizami"]),
        ("council_active", 1, ["Binəqədi"]),
        ("council_announcement", 1, ["Nizami"]),
        ("procurement", 1, ["Nizami"]),
        ("e_services", 1, ["Binəqədi"]),
    ],
)
def test_local_counts_and_their_agencies(summary, key, count, names):
    m = metrics(summary, "local")[key]
    assert m.count == count
    if names is not None:
        assert m.names == names


def test_central_counts(summary):
    m = metrics(summary, "central")
    assert (m["council_formed"].count, m["council_members"].names) == (1, ["Ədliyyə Nazirliyi"])
    assert m["news_stale"].names == ["Ədliyyə Nazirliyi"]
    assert "type_city" not in m  # city/district types are a local notion


def test_stale_threshold_is_14_days():
    on = snapshot("a", "A", news={"last_date": "2018-08-06", "days_since_last": 14})
    off = snapshot("b", "B", news={"last_date": "2018-08-07", "days_since_last": 13})
    s = summarise([on, off], AZ, "az")
    assert metrics(s, "local")["news_stale"].names == ["A"]


def test_each_metric_carries_the_2018_figure_where_the_narrative_states_one(summary):
    m = metrics(summary, "local")
    assert (m["social"].reference.claim_id, m["social"].reference.quantity) == ("N16", 32)
    assert m["news_stale"].reference.quantity == 31
    assert m["council_section"].reference.quantity == 17
    assert m["mobile"].reference.quantity is None and m["mobile"].reference.value_text == "all"
    assert m["e_services"].reference is None


def test_narrative_copy_covers_the_countable_claims():
    refs = narrative_references()
    assert refs[("local", "procurement")].quantity == 1
    assert refs[("central", "council_formed")].quantity == 7
    assert all(r.quote for r in refs.values())


def test_compliance_share_counts_unreachable_sites_in_the_denominator(summary):
    c = {x.commitment: x for x in summary["compliance"]}
    assert c["2.4"].levels["local"] == {
        "n": 5,
        "met": 2,
        "share": 40.0,
        "dist": {"not_started": 2, "limited": 1, "substantial": 1, "complete": 1},
    }
    assert c["2.4"].levels["both"]["share"] == 42.9
    assert c["2.4"].names_met["local"] == ["Binəqədi", "Nizami"]


def test_claim_is_set_beside_the_measured_share(summary):
    c = {x.commitment: x for x in summary["compliance"]}
    assert c["2.4"].claimed == 86 and c["2.4"].difference == -43.1
    assert c["5.6"].claimed is None and c["5.6"].difference is None


def test_claims_file_format():
    assert parse_claims("# official\n2.4: 86%\n\n5.6 = 12.5\n") == {"2.4": 86.0, "5.6": 12.5}
    assert claims_2018() == {"2.4": 86.0}
    with pytest.raises(ClaimsError, match=r"f\.txt:2: unknown commitment '9\.9'"):
        parse_claims("2.4: 1\n9.9: 5", "f.txt")
    with pytest.raises(ClaimsError, match="not a percentage"):
        parse_claims("2.4: 186")
    with pytest.raises(ClaimsError, match="twice"):
        parse_claims("2.4: 1\n2.4: 2")


def test_summary_json_and_html_show_the_counts(tmp_path):
    snaps, agencies = sample_run()
    render_report(snaps, tmp_path, run=RUN, agencies=agencies, claims={"2.4": 86})
    data = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    local = data["summary"]["levels"][0]
    assert local["level"] == "local"
    social = next(m for m in local["metrics"] if m["key"] == "social")
    assert (social["count"], social["names"]) == (2, ["Binəqədi", "Nizami"])
    html = (tmp_path / "report.html").read_text("utf-8")
    assert 'data-metric="council_section"' in html and "86%" in html


@pytest.mark.parametrize(
    ("lang", "share", "diff"), [("az", "42,9%", "-43,1"), ("en", "42.9%", "-43.1")]
)
def test_percentages_are_written_the_language_s_way(tmp_path, lang, share, diff):
    """Azerbaijani writes a decimal comma (the 2018 report: 86,86%), English a point; the
    machine-readable summary.json keeps numbers."""
    snaps, agencies = sample_run()
    written = render_report(
        snaps,
        tmp_path,
        run=RUN,
        agencies=agencies,
        claims={"2.4": 86},
        lang=lang,
        formats=("html", "md"),
    )
    html = next(p for p in written if p.suffix == ".html" and "report" in p.name).read_text("utf-8")
    md = next(p for p in written if p.suffix == ".md" and "report" in p.name).read_text("utf-8")
    other = "42.9%" if lang == "az" else "42,9%"
    for text in (html, md):
        assert share in text and diff in text
        assert other not in text
    data = json.loads((tmp_path / "summary.json").read_text("utf-8"))
    assert (
        next(c for c in data["summary"]["compliance"] if c["commitment"] == "2.4")["levels"][
            "both"
        ]["share"]
        == 42.9
    )
