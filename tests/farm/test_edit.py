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
    assert [r for r in edited if r["agency_id"] != "agdam"] == \
        [r for r in rows if r["agency_id"] != "agdam"]


@pytest.mark.parametrize("edit", ["nowhere:council_status=x", "agdam:no_such_field=1", "agdam:"])
def test_bad_edit_is_an_error(edit):
    with pytest.raises(ValueError, match="--edit"):
        apply_edits(load_truth(), [edit])
