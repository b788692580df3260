"""The agencies file: the seed loads, and every kind of bad row stops with file and line named."""

import pytest

from ogpcrawl.agencies import AgenciesFileError, load_agencies, select

HEADER = "agency_id,name,level,family,url,alt_urls\n"
GOOD = "binegedi,Binəqədi,local,local_ih,http://binegedi-ih.gov.az/,\n"


def write(tmp_path, text, name="agencies.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_seed_file_has_all_103_agencies():
    agencies = load_agencies("seeds/agencies.csv")
    assert len(agencies) == 103
    assert sum(a.level == "local" for a in agencies) == 80
    assert sum(a.level == "central" for a in agencies) == 23
    assert {a.family for a in agencies if a.level == "local"} == {"local_ih"}
    assert {a.family for a in agencies if a.level == "central"} == {"ministry"}


def test_seed_keeps_unverified_hosts_and_their_alternates():
    by_id = {a.agency_id: a for a in load_agencies("seeds/agencies.csv")}
    ganja = by_id["ganja"]
    assert ganja.extra["host_confidence"] == "low"
    assert "http://gence-ih.gov.az/" in ganja.alt_urls
    low = [a for a in by_id.values() if a.level == "local" and a.extra["host_confidence"] == "low"]
    assert len(low) == 13  # the second pass of the domain research confirmed 29 more
    # Russian-style spellings are tried for the unverified ones (domains notes)
    assert "http://fizuli-ih.gov.az/" in by_id["fuzuli"].alt_urls
    assert "http://gakh-ih.gov.az/" in by_id["qax"].alt_urls
    assert "http://khodjaly-ih.gov.az/" in by_id["xocali"].alt_urls


def test_seed_has_the_hosts_confirmed_in_the_second_pass():
    by_id = {a.agency_id: a for a in load_agencies("seeds/agencies.csv")}
    high = [
        a for a in by_id.values() if a.level == "local" and a.extra["host_confidence"] == "high"
    ]
    assert len(high) == 67
    # the pattern guess cebrayil-ih.gov.az was wrong: a real crawl would call a live site dead
    assert by_id["cebrayil"].url == "http://cabrail-ih.gov.az/"
    assert by_id["qaradagh"].url == "http://qaradagh.gov.az/"
    assert "http://qaradagh-ih.gov.az/" in by_id["qaradagh"].alt_urls
    refugees = by_id["refuges-idps-committee"]
    assert refugees.url == "http://refugees-idps-committee.gov.az/"
    assert refugees.alt_urls == (
        "http://refuges-idps-committee.gov.az/",  # as the report prints it
        "http://idp.gov.az/",  # the later host
    )


def test_addresses_try_url_then_www_twin_then_alternates():
    by_id = {a.agency_id: a for a in load_agencies("seeds/agencies.csv")}
    assert by_id["ganja"].addresses()[:3] == [
        "http://ganja-ih.gov.az/",
        "http://www.ganja-ih.gov.az/",
        "http://gence-ih.gov.az/",
    ]
    assert by_id["ganja"].addresses(try_alternates=False) == ["http://ganja-ih.gov.az/"]


@pytest.mark.parametrize(
    "row, message",
    [
        ("binegedi,X,local,local_ih,http://x-ih.gov.az/,\n", "duplicate agency_id 'binegedi'"),
        ("nasimi,Nəsimi,local,local_ih,nasimi-ih.gov.az,\n", "malformed URL"),
        ("nasimi,Nəsimi,local,local_ih,ftp://nasimi-ih.gov.az/,\n", "malformed URL"),
        ("nasimi,Nəsimi,regional,local_ih,http://nasimi-ih.gov.az/,\n", "unknown level 'regional'"),
        ("nasimi,Nəsimi,local,wordpress,http://nasimi-ih.gov.az/,\n", "unknown family 'wordpress'"),
        ("Nasimi!,Nəsimi,local,local_ih,http://nasimi-ih.gov.az/,\n", "is not a slug"),
        ("nasimi,Nəsimi,local,local_ih,http://nasimi-ih.gov.az/,http://bad host/\n", "alt_urls"),
        ("nasimi,Nəsimi,local\n", "wrong number of fields"),
        ("nasimi,Nəsimi,local,local_ih,http://[::1/,\n", "malformed URL"),
        ("nasimi,Nəsimi,local,local_ih,http://nasimi-ih.gov.az/,http://[::1/\n", "alt_urls"),
    ],
)
def test_bad_row_names_file_and_line(tmp_path, row, message):
    p = write(tmp_path, HEADER + GOOD + row)
    with pytest.raises(AgenciesFileError) as err:
        load_agencies(p)
    assert f"{p}:3" in str(err.value)
    assert message in str(err.value)


def test_missing_column_names_line_1(tmp_path):
    p = write(tmp_path, "agency_id,name,level,url\nx,X,local,http://x.az/\n")
    with pytest.raises(AgenciesFileError, match=r":1: missing column\(s\) family"):
        load_agencies(p)


def test_not_utf8_names_the_line(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes(
        (HEADER + GOOD).encode()
        + "x,Şəki,local,local_ih,http://x.az/,\n".encode("cp1254", "replace").replace(
            b"?", b"\xfe\xff"
        )
    )
    with pytest.raises(AgenciesFileError, match=r":3: not UTF-8"):
        load_agencies(p)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(AgenciesFileError, match="cannot read agencies file"):
        load_agencies(tmp_path / "nope.csv")


def test_select_by_family_and_only():
    agencies = load_agencies("seeds/agencies.csv")
    assert len(select(agencies, family="ministry")) == 23
    picked = select(agencies, family="local_ih", only="binegedi,nizami")
    assert [a.agency_id for a in picked] == ["binegedi", "nizami"]
    with pytest.raises(AgenciesFileError, match="unknown agency id"):
        select(agencies, family="local_ih", only="taxes")


def test_an_unknown_only_id_lists_the_valid_ids_and_the_near_spellings():
    agencies = load_agencies("seeds/agencies.csv")
    with pytest.raises(AgenciesFileError) as err:
        select(agencies, family="local_ih", only="binagadi,nonexistent")
    message = str(err.value)
    assert "unknown agency id(s) for this spider: binagadi, nonexistent" in message
    assert "did you mean binegedi" in message
    # every id this spider can take, and none of the other spider's
    assert "valid ids (80): " in message
    assert "nizami" in message and "taxes" not in message
