"""--edit changes one agency's ground truth (for change-over-time demos and tests)."""

import pytest

from ogpcrawl.farm.truth import apply_edits, load_truth


def test_edit_changes_only_the_named_agency_and_fields():
    rows = load_truth()
    edited = apply_edits(rows, ["agdam:council_section=true,council_status=members"])
    by_id = {r["agency_id"]: r for r in edited}
    assert by_id["agdam"]["council_status"] == "members"
    assert by_id["agdam"]["council_section"] == "true"
    assert {r["agency_id"]: r for r in rows}["agdam"]["council_status"] == "absent"
    assert [r for r in edited if r["agency_id"] != "agdam"] == [
        r for r in rows if r["agency_id"] != "agdam"
    ]


@pytest.mark.parametrize("edit", ["nowhere:council_status=x", "agdam:no_such_field=1", "agdam:"])
def test_bad_edit_is_an_error(edit):
    with pytest.raises(ValueError, match="--edit"):
        apply_edits(load_truth(), [edit])


def test_reachable_false_serves_no_host():
    """Regression: --edit ID:reachable=false used to be ignored (the site kept answering)."""
    from ogpcrawl.farm.truth import truth_by_host

    assert "sabunchu-ih.gov.az" in truth_by_host([])
    hosts = truth_by_host(["sabunchu:reachable=false"])
    assert "sabunchu-ih.gov.az" not in hosts and "www.sabunchu-ih.gov.az" not in hosts
    assert "nizami-ih.gov.az" in hosts


def test_fail_paths_answer_503_and_the_rest_of_the_site_works():
    from ogpcrawl.farm.scenarios import build_web
    from ogpcrawl.farm.web import Request

    web = build_web("replica", edits=["binegedi:fail_paths=/page/29.html;/news.html"])
    get = lambda path: web.handle(Request("GET", "http", "binegedi-ih.gov.az", path))  # noqa: E731
    assert get("/page/29.html").status == 503
    assert get("/news.html").status == 503
    assert get("/").status == 200
    assert (
        build_web("replica")
        .handle(Request("GET", "http", "binegedi-ih.gov.az", "/page/29.html"))
        .status
        == 200
    )


def test_the_help_example_for_a_council_makes_one_the_detectors_find():
    """Regression: the --help example set a council without title or page: nothing to detect."""
    import re
    import shlex
    from datetime import date

    from ogpcrawl.detect.page import Page
    from ogpcrawl.detect.site import detect_site
    from ogpcrawl.farm.__main__ import EPILOG
    from ogpcrawl.farm.scenarios import build_web
    from ogpcrawl.farm.web import Request

    line = next(x for x in EPILOG.replace("\\\n", "").splitlines() if "--edit" in x)
    edit = shlex.split(line)[shlex.split(line).index("--edit") + 1]
    agency, fields = edit.split(":", 1)
    host = f"{agency}-ih.gov.az"
    site = build_web("replica", edits=[edit]).site(host)
    path = re.search(r"council_path=([^,]+)", fields).group(1)
    pages = [
        Page(
            url=f"http://{host}{p}",
            role=role,
            text=site.handle(Request("GET", "http", host, p)).body.decode("utf-8"),
        )
        for p, role in (("/", "home"), (path, "council"))
    ]
    council = detect_site(pages, as_of=date(2018, 8, 20)).to_contract()["council"]
    assert council["section"] is True and council["status"] == "members"
