from __future__ import annotations

import pytest

from ogpcrawl.detect.page import Page
from ogpcrawl.detect.search import detect_search


def _search(body: str):
    return detect_search(Page(url="http://x.gov.az/az/", text=f"<html><body>{body}</body></html>"))


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (
            '<form action="/az/search.html"><input name="q" placeholder="Axtar"></form>',
            "search.form_action",
        ),
        (
            '<form action="?view=search" method="get"><input type="text" name="search"></form>',
            "search.form_action",
        ),
        ('<form action="/axtaris"><input name="soz"></form>', "search.form_action"),
        ('<form action="/poisk/"><input name="text"></form>', "search.form_action"),
        ('<form action="cat.php" class="search-box"><input name="q"></form>', "search.form_marker"),
        (
            '<form action="modul.php"><input type="hidden" name="name" value="search">'
            '<input class="searchtext" name="q"></form>',
            "search.hidden_field",
        ),
        (
            '<form method="post" action=\'\'><input type="hidden" name="do" value="search">'
            '<input name="story"></form>',
            "search.hidden_field",
        ),
        ('<form action="/find.php"><input type="search" name="w"></form>', "search.input_type"),
        ('<div class="js-search"><input type="search" name="w"></div>', "search.input_type"),
        ('<form action="/x.php"><input name="q"></form>', "search.input_name"),
        (
            '<form action="/x.php"><input name="kw" placeholder="Axtarış..."></form>',
            "search.input_name",
        ),
    ],
)
def test_search_rules(body, rule):
    found = _search(body)
    assert (found.search_box, found.rule) == (True, rule)
    assert found.evidence[0].rule == rule and found.evidence[0].url == "http://x.gov.az/az/"


@pytest.mark.parametrize(
    "body",
    [
        "<p>Saytda axtarış funksiyası tezliklə istifadəyə veriləcək. Axtarış</p>",
        '<form action="/subscribe/add" method="post"><input name="email" type="text"></form>',
        '<form action="/az/login" method="post"><input name="q"><input type="password" name="p">'
        "</form>",
        '<form action="/newsletter"><input name="q"></form>',
        '<form action="modul.php?name=Polls" method="post"><input type="radio" name="voteID"></form>',
        '<form action="/feedback"><input name="s"></form>',
        '<form action="/search"></form>',
        "",
    ],
)
def test_not_search(body):
    found = _search(body)
    assert found.search_box is False
    assert found.rule == "search.none"


def test_search_form_for_the_spider():
    found = _search(
        '<form action="modul.php" method="get"><input type="hidden" name="name" value="search">'
        '<input class="searchtext" name="q"></form>'
    )
    assert found.form.action == "http://x.gov.az/az/modul.php"
    assert (found.form.method, found.form.param) == ("GET", "q")
    assert ("name", "search") in found.form.hidden


def test_no_page():
    assert detect_search(None).search_box is False
