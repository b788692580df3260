from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ogpcrawl.detect.dates import find_dates, parse_date

AS_OF = date(2018, 8, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("13.07.2018", date(2018, 7, 13)),
        ("13.07.2018 16:52", date(2018, 7, 13)),
        ("13/07/2018", date(2018, 7, 13)),
        ("13-07-2018", date(2018, 7, 13)),
        ("2018-07-13", date(2018, 7, 13)),
        ("(2018-03-16)", date(2018, 3, 16)),
        ("2018-07-13T10:00:00+04:00", date(2018, 7, 13)),
        ("13 iyul 2018", date(2018, 7, 13)),
        ("13 İyul 2018-ci il", date(2018, 7, 13)),
        ("17 mart 2018-ci il", date(2018, 3, 17)),
        ("24 sentyabr 2017 | 12:59", date(2017, 9, 24)),
        ("19 Mart 2018", date(2018, 3, 19)),
        ("19 Mar 2018", date(2018, 3, 19)),
        ("13 июля 2018", date(2018, 7, 13)),
        ("July 13, 2018", date(2018, 7, 13)),
        ("Jul 13 2018", date(2018, 7, 13)),
        ("18.03.2018 - cı il", date(2018, 3, 18)),
        ("2018-ci il 17 mart tarixində", date(2018, 3, 17)),
        ("07/13/2018", date(2018, 7, 13)),  # month/day order only when day/month is impossible
    ],
)
def test_every_form(text, expected):
    assert parse_date(text, as_of=AS_OF) == expected
    assert find_dates(f"Yazı: {text}, sonra mətn.", as_of=AS_OF) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<strong>19</strong>Mar", date(2018, 3, 19)),
        ("19Mar", date(2018, 3, 19)),
        ("25 dekabr", date(2017, 12, 25)),  # no year, would be in the future: previous year
        ("20 avqust", date(2018, 8, 20)),  # as_of itself is allowed
    ],
)
def test_year_inferred_from_as_of(text, expected):
    plain = text.replace("<strong>", "").replace("</strong>", "")
    assert parse_date(plain, as_of=AS_OF) == expected


def test_no_year_without_as_of_is_unreadable():
    assert parse_date("19 Mar") is None


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2018",
        "32.01.2018",
        "00.01.2018",
        "10 sentences 2018",
        "3 dekan 2018",
        "1.2.3.2018",
        "12.13.2018",
        "1985-01-01",
        "",
        "yox",
    ],
)
def test_impossible_or_not_dates(text):
    assert parse_date(text, as_of=AS_OF) is None


def test_future_dates_rejected():
    assert parse_date("21.08.2018", as_of=AS_OF) is None
    assert parse_date("21.08.2018") == date(2018, 8, 21)
    assert find_dates("20.08.2018 və 25.09.2018", as_of=AS_OF) == [date(2018, 8, 20)]


def test_text_order_kept():
    text = "Elan 05.05.2018, son müraciət 25 may 2018, nəticə 2018-06-01"
    assert find_dates(text) == [date(2018, 5, 5), date(2018, 5, 25), date(2018, 6, 1)]


AZ = ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr",
      "oktyabr", "noyabr", "dekabr"]  # fmt: skip
RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
      "октября", "ноября", "декабря"]  # fmt: skip
EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"]  # fmt: skip
FORMATS = [
    lambda d: d.strftime("%d.%m.%Y"),
    lambda d: d.strftime("%d.%m.%Y %H:%M"),
    lambda d: d.strftime("%d/%m/%Y"),
    lambda d: d.isoformat(),
    lambda d: f"{d.day} {AZ[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d} {AZ[d.month - 1].capitalize()} {d.year}-ci il",
    lambda d: f"{d.day} {AZ[d.month - 1]} {d.year} | 12:59",
    lambda d: f"{d.day} {RU[d.month - 1]} {d.year}",
    lambda d: f"{EN[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {EN[d.month - 1][:3]} {d.year}",
    lambda d: f"{d.strftime('%d.%m.%Y')} - cı il",
    lambda d: f"{d.year}-ci il {d.day} {AZ[d.month - 1]}",
]


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)),
       st.sampled_from(range(len(FORMATS))))  # fmt: skip
def test_round_trip_every_format(day, fmt):
    written = FORMATS[fmt](day)
    assert parse_date(written) == day
    assert parse_date(written, as_of=day) == day
    assert find_dates(f"x {written} y") == [day]


@given(st.text(max_size=300))
def test_never_raises(text):
    for found in find_dates(text, as_of=AS_OF):
        assert found <= AS_OF


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 gün əvvəl", date(2018, 8, 18)),
        ("5 saat əvvəl", date(2018, 8, 20)),
        ("dünən", date(2018, 8, 19)),
        ("вчера", date(2018, 8, 19)),
        ("2 days ago", date(2018, 8, 18)),
    ],
)
def test_relative_dates_use_as_of(text, expected):
    assert parse_date(text, as_of=AS_OF) == expected


@pytest.mark.parametrize("text", ["2 gün əvvəl", "вчера", "yesterday"])
def test_relative_dates_without_as_of_are_unreadable(text):
    assert parse_date(text) is None  # never the wall clock
