"""One-rule cases for the council, procurement and e-services detectors (inline HTML)."""

from __future__ import annotations

from datetime import date

import pytest

from ogpcrawl.detect.council import detect_council, is_person_line
from ogpcrawl.detect.eservices import detect_eservices
from ogpcrawl.detect.page import Link, Page
from ogpcrawl.detect.procurement import detect_procurement, publication_date

AS_OF = date(2018, 8, 20)


def _page(body: str, role: str, url: str = "http://x-ih.gov.az/page/75.html") -> Page:
    menu = '<ul class="main-menu"><li><a href="/page/75.html">İctimai şura</a></li></ul>'
    return Page(
        url=url, role=role, text=f"<html><body>{menu}<div id='content'>{body}</div></body></html>"
    )


def test_members_counted_per_line_even_with_equal_names():
    rows = "".join(f"<tr><td>{i}</td><td>Elçin Məmmədov</td><td>Üzv</td></tr>" for i in range(1, 4))
    page = _page(f"<h1>Şuranın üzvləri</h1><table><tbody>{rows}</tbody></table>", "council")
    found = detect_council([page], as_of=AS_OF)
    assert (found.status, found.members) == ("members", 3)


def test_names_without_members_context_are_not_members():
    page = _page("<h1>İctimai şura</h1><p>İctimai şuraya seçkiləri keçirmək üçün seçki "
                 "komissiyasının tərkibi:</p><ul><li>Rəşad Hüseynov</li><li>Leyla Quliyeva</li>"
                 "</ul>", "council")  # fmt: skip
    found = detect_council([page], as_of=AS_OF)
    assert (found.status, found.members) == ("announcement", 0)


@pytest.mark.parametrize(
    ("line", "person"),
    [
        ("Elçin Məmmədov", True),
        ("Həsənova Günay Əli qızı", True),
        ("Иванов Пётр Сергеевич", True),
        ("Sədr müavini", False),
        ("Normativ hüquqi baza", False),
        ("Bakı şəhəri", False),
    ],
)
def test_person_lines(line, person):
    assert is_person_line(line) is person


def test_hearing_is_an_event_and_future_meeting_is_not():
    page = _page("<h1>Tədbirlər</h1><ul><li><span class='date'>12.07.2018</span> İctimai dinləmə "
                 "keçirilib</li><li>01.09.2018 İctimai şuranın iclası</li></ul>", "council")  # fmt: skip
    found = detect_council([page], as_of=AS_OF)
    assert (found.status, found.events, found.last_event) == ("active", 1, date(2018, 7, 12))


def test_commission_schedule_under_the_council_heading_is_off_topic():
    page = _page("<h1>İctimai şura</h1><p>İnzibati xətalar üzrə komissiyanın iclaslarının "
                 "qrafiki və digər məlumatlar.</p>", "council")  # fmt: skip
    assert detect_council([page], as_of=AS_OF).status == "off_topic"


def test_council_link_without_page_is_unknown():
    link = Link("http://x-ih.gov.az/page/75.html", "İctimai şura", "nav.text")
    found = detect_council([], as_of=AS_OF, section_links=[link])
    assert (found.section, found.status, found.url) == (True, "unknown", link.url)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dərc olunub: 05.05.2018 Son müraciət tarixi: 26.05.2018", date(2018, 5, 5)),
        ("Son müraciət tarixi: 26.05.2018. Dərc olunub: 05.05.2018", date(2018, 5, 5)),
        ("Təkliflər 30.05.2018 tarixədək qəbul edilir. Elan: 10.05.2018", date(2018, 5, 10)),
        ("Срок подачи до 30.05.2018, опубликовано 12.05.2018", date(2018, 5, 12)),
        ("Son tarix: 09.04.2018", date(2018, 4, 9)),  # only a deadline: the best we have
    ],
)
def test_publication_date_not_deadline(text, expected):
    assert publication_date(text, AS_OF) == expected


def test_procurement_items_and_sub_menu_labels():
    page = _page(
        "<h1>Satınalmalar</h1><ul class='tender-list'>"
        "<li><a href='/userfiles/tender/20180505.pdf'>Yanacaq məhsullarının alınması üzrə tender "
        "elanı</a><span class='date'>Dərc olunub: 05.05.2018</span>"
        "<span class='deadline'>Son müraciət tarixi: 26.05.2018</span></li>"
        "<li><a href='/userfiles/tender/20180412.pdf'>Binanın təmiri işləri üzrə tender elanı</a>"
        "<span>Dərc olunub: 12.04.2018</span></li></ul>"
        "<p><a href='/page/100.html'>Kotirovkalar</a></p>", "procurement",
        url="http://x-ih.gov.az/page/99.html")  # fmt: skip
    found = detect_procurement([page], as_of=AS_OF)
    assert (found.section, found.items, found.last_item) == (True, 2, date(2018, 5, 5))


def test_eservices_one_service_per_item_with_fragment_links():
    base = "http://nazirlik.gov.az/az/e-xidmetler"
    lis = "".join(f"<li><a href='{base}#s{i}'>Xidmət {i} arayışı</a> <a href='{base}#f{i}'>(forma)</a>"
                  "</li>" for i in range(1, 6))  # fmt: skip
    page = _page(f"<h1>Elektron xidmətlər</h1><ul>{lis}</ul>", "eservices", url=base)
    assert detect_eservices([page]).services == 5


def test_eservices_menu_entry_straight_to_portal():
    home = Page(
        url="http://bilesuvar-ih.gov.az/",
        role="home",
        text=(
            "<ul><li><a href='https://www.e-gov.az/az/services/topic/44'>Elektron xidmətlər</a></li></ul>"
        ),
    )
    found = detect_eservices([home])
    assert (found.section, found.url, found.portal_links) == (
        True,
        "https://www.e-gov.az/az/services/topic/44",
        1,
    )
    assert found.evidence[0].rule == "eservices.portal_menu_link"


def test_portal_banner_alone_is_no_eservices_section():
    home = Page(
        url="http://x-ih.gov.az/",
        role="home",
        text=("<a href='http://www.e-gov.az'><img alt='Elektron hökumət portalı'></a>"),
    )
    found = detect_eservices([home])
    assert (found.section, found.portal_links) == (False, 1)


def test_short_appeal_council_document_list_is_off_topic():
    page = _page("<h1>İctimai şura</h1><ul class='docs'><li><a href='/userfiles/docs/apel.pdf'>"
                 "Apellyasiya şurası haqqında Əsasnamə</a></li></ul>", "council")  # fmt: skip
    assert detect_council([page], as_of=AS_OF).status == "off_topic"


def test_empty_section_beside_a_sidebar_is_empty():
    page = Page(url="http://x-ih.gov.az/page/196.html", role="council", text=(
        "<html><body><div id='content'><h1>İctimai Şura</h1></div><div id='sidebar'>"
        "<div class='block links'><h3>Keçidlər</h3><ul><li><a href='https://president.az/'>"
        "Azərbaycan Respublikasının Prezidenti</a></li><li><a href='https://azertag.az/'>AZƏRTAC"
        "</a></li></ul></div></div></body></html>"))  # fmt: skip
    assert detect_council([page], as_of=AS_OF).status == "empty"


def test_a_news_item_found_by_search_is_not_the_section():
    item = Page(url="https://miqrasiya.gov.az/press/news_content/1234", role="council", text=(
        "<html><body><h1>İctimai şuranın növbəti iclası keçirilib</h1><p>19.07.2018</p>"
        "<p>İclasda şura üzvləri təkliflərini bildiriblər.</p></body></html>"))  # fmt: skip
    found = detect_council([item], as_of=AS_OF)
    assert (found.section, found.status) == (False, "absent")
    assert "council.news_item" in [e.rule for e in found.evidence]


def test_services_ignore_chrome_named_by_class_or_id_words():
    page = Page(url="http://nazirlik.gov.az/exidmet.html", role="eservices", text=(
        "<html><body><div id='hdr'><h2>Nazirlik</h2></div>"
        "<div id='topnav'><a href='/'>Əsas səhifə</a> | <a href='/aze/xeberler'>Xəbərlər</a></div>"
        "<table class='menu_top'><tr><td><a href='/content/1'>Haqqımızda</a></td></tr></table>"
        "<div id='body'><h1>Elektron xidmətlər</h1><ul><li><a href='#s1'>Ünvan arayışı</a></li>"
        "<li><a href='/exidmet.html#s2'>Ailə tərkibi haqqında arayış</a></li></ul></div>"
        "<div id='footer_links'><a class='soc-facebook' href='https://www.facebook.com/x'>"
        "facebook</a></div><div id='ftr'><a href='https://twitter.com/x'>twitter</a></div>"
        "</body></html>"))  # fmt: skip
    assert detect_eservices([page]).services == 2


def test_eservices_count_distinct_services_not_links_headings_or_navigation():
    home = Page(
        url="http://x-ih.gov.az/",
        role="home",
        text=(
            "<html><body><ul class='main-menu'><li><a href='/page/7.html'>Vətəndaşların qəbulu</a>"
            "</li><li><a href='/page/29.html'>Elektron xidmətlər</a></li></ul><div id='content'>"
            + "<p>Xəbər mətni.</p>" * 10
            + "</div></body></html>"
        ),
    )
    body = (
        "<div class='col-left'><ul class='links'><li><a href='/page/7.html'>Vətəndaşların qəbulu"
        "</a></li></ul></div><h1>Elektron xidmətlər</h1>"
        "<p>Bu bölmədə icra hakimiyyətinin göstərdiyi xidmətlər toplanıb.</p>"
        "<h3><a href='/page/29.html#v'>Vətəndaşlar üçün xidmətlər</a></h3>"
        "<ul><li><a href='/xidmet/1.html'>Ünvan arayışının verilməsi</a> "
        "<a href='/xidmet/1.html?form=1'>Ərizə forması</a></li>"
        "<li><a href='/xidmet/2.html'>Onlayn növbə</a> <a href='/xidmet/2.html'>Ətraflı</a></li>"
        "</ul><h3>Populyar xidmətlər</h3><ul><li><a href='/xidmet/1.html'>Ünvan arayışı</a></li>"
        "</ul><h3>Digər xidmətlər</h3><p>Arxiv arayışlarının verilməsi</p>"
        "<p>Mülkiyyət hüququ barədə arayış</p>"
        "<p><a href='/page/29.html?all=1'>Bütün xidmətlər</a></p>"
        "<p>Portal: <a href='https://www.e-gov.az/'>Dövlət xidmətləri portalı</a></p>"
    )
    page = _page(body, "eservices", url="http://x-ih.gov.az/page/29.html")
    found = detect_eservices([home, page])
    # 2 linked services (one repeated elsewhere under another label) + 2 written as text
    assert found.services == 4
    assert found.portal_links == 1


def test_eservices_prose_paragraphs_are_not_services():
    body = (
        "<h1>Elektron xidmətlər</h1><p>Xidmətlərdən istifadə etmək üçün portalda qeydiyyatdan "
        "keçmək lazımdır.</p><p>Ətraflı məlumat üçün bizimlə əlaqə saxlayın.</p>"
        "<ul><li><a href='/xidmet/1.html'>Ünvan arayışı</a></li></ul>"
    )
    page = _page(body, "eservices", url="http://x-ih.gov.az/page/29.html")
    assert detect_eservices([page]).services == 1


def test_a_truncated_eservices_page_says_so():
    page = Page(
        url="http://x-ih.gov.az/page/29.html",
        role="eservices",
        headers={"x-ogp-truncated": "4000000"},
        text="<html><body><div id='content'><h1>Elektron xidmətlər</h1><ul>"
        "<li><a href='/xidmet/1.html'>Ünvan arayışı</a></li></ul><img src='data:",
    )
    found = detect_eservices([page])
    assert found.services == 1
    assert "eservices.truncated" in [e.rule for e in found.evidence]
