"""Whole-site fixture cases: one test per expected field, so a failure names the finding."""

from __future__ import annotations

import pytest

from ogpcrawl.detect.ratings import rate
from ogpcrawl.detect.site import detect_site

from .cases import case_dirs, dig, load_case, load_search_check

CASES = case_dirs("site")
PARAMS = [
    pytest.param(case, field, id=f"{case.name}:{field}")
    for case in CASES
    for field in load_case(case)[3]
]
_RESULTS: dict = {}


def _contract(case):
    if case not in _RESULTS:
        pages, failed, as_of, _ = load_case(case)
        contract = detect_site(
            pages, as_of=as_of, failed=failed, search_check=load_search_check(case)
        ).to_contract()
        contract["ratings"] = rate({**contract, "reachable": True, "as_of": as_of.isoformat()})
        _RESULTS[case] = contract
    return _RESULTS[case]


@pytest.mark.parametrize(("case", "field"), PARAMS)
def test_expected_field(case, field):
    expected = load_case(case)[3][field]
    assert dig(_contract(case), field) == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_no_detector_error(case):
    errors = [e for e in _contract(case)["evidence_detail"] if e["rule"].endswith(".error")]
    assert errors == []


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_evidence_points_at_fetched_pages(case):
    pages, _, _, _ = load_case(case)
    contract = _contract(case)
    urls = {p.url for p in pages}
    decided = {k: v for k, v in contract["evidence"].items() if k in ("mobile", "search_box")}
    assert set(decided.values()) <= urls
    assert all(len(e["snippet"]) <= 200 for e in contract["evidence_detail"])
