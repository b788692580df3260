from __future__ import annotations

import pytest

from ogpcrawl.detect.page import Page
from ogpcrawl.detect.social import account_of, detect_social

ACCOUNTS = [
    ("https://www.facebook.com/agency.gov/", "facebook", "https://www.facebook.com/agency.gov"),
    ("http://www.fb.com/vergiler/", "facebook", "https://www.facebook.com/vergiler"),
    ("https://m.facebook.com/agency", "facebook", "https://www.facebook.com/agency"),
    (
        "https://www.facebook.com/pages/Nazirlik/1457661497827832?sk=info",
        "facebook",
        "https://www.facebook.com/1457661497827832",
    ),
    (
        "https://www.facebook.com/profile.php?id=100012345",
        "facebook",
        "https://www.facebook.com/profile.php?id=100012345",
    ),
    (
        "https://www.instagram.com/vergi.gov.az/",
        "instagram",
        "https://www.instagram.com/vergi.gov.az",
    ),
    (
        "https://www.instagram.com/accounts/login/?next=/agency_az/",
        "instagram",
        "https://www.instagram.com/agency_az",
    ),
    (
        "https://www.youtube.com/channel/UCfCyJbhV4ml9mnn249gb_Rw",
        "youtube",
        "https://www.youtube.com/channel/UCfCyJbhV4ml9mnn249gb_Rw",
    ),
    (
        "https://www.youtube.com/user/tehsilgovaz",
        "youtube",
        "https://www.youtube.com/user/tehsilgovaz",
    ),
    ("https://www.youtube.com/c/AgencyAz", "youtube", "https://www.youtube.com/c/AgencyAz"),
    ("https://www.youtube.com/@agency", "youtube", "https://www.youtube.com/@agency"),
    ("http://www.youtube.com/fhnofficial", "youtube", "https://www.youtube.com/fhnofficial"),
    ("https://twitter.com/vergiler", "twitter", "https://twitter.com/vergiler"),
    ("https://x.com/agency", "twitter", "https://x.com/agency"),
    ("https://mobile.twitter.com/agency", "twitter", "https://twitter.com/agency"),
    ("https://t.me/agency_az", "telegram", "https://t.me/agency_az"),
    ("https://t.me/s/agency_az", "telegram", "https://t.me/agency_az"),
    (
        "https://www.linkedin.com/company/ardgk/",
        "linkedin",
        "https://www.linkedin.com/company/ardgk",
    ),
    (
        "https://www.flickr.com/photos/159387203@N04/albums",
        "flickr",
        "https://www.flickr.com/photos/159387203@N04",
    ),
    ("https://www.tiktok.com/@agency", "tiktok", "https://www.tiktok.com/@agency"),
    ("https://vk.com/agency", "vk", "https://vk.com/agency"),
    ("https://ok.ru/group/5555", "ok", "https://ok.ru/group/5555"),
    ("https://wa.me/994501234567", "whatsapp", "https://wa.me/994501234567"),
    ("https://api.whatsapp.com/send?phone=994501234567", "whatsapp", "https://wa.me/994501234567"),
    ("https://plus.google.com/+AgencyAz", "other", "https://plus.google.com/+AgencyAz"),
]


@pytest.mark.parametrize(("href", "network", "url"), ACCOUNTS)
def test_accounts(href, network, url):
    found = account_of(href)
    assert found is not None
    assert found[:2] == (network, url)


NOT_ACCOUNTS = [
    "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Fx.gov.az",
    "https://www.facebook.com/share.php?u=x",
    "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Ffacebook.com%2Fagency",
    "https://www.facebook.com/agency/posts/123456",
    "https://www.facebook.com/agency/photos/a.1/2/",
    "https://www.facebook.com/",
    "https://facebook.com",
    "https://twitter.com/intent/tweet?text=x",
    "https://twitter.com/share?url=x",
    "https://twitter.com/agency/status/1234567890",
    "https://twitter.com/",
    "https://www.youtube.com/watch?v=ORRZW7Nnj-I",
    "https://www.youtube.com/embed/ORRZW7Nnj-I",
    "https://youtu.be/ORRZW7Nnj-I",
    "https://www.youtube.com/",
    "https://www.instagram.com/p/Bc123xyz/",
    "https://www.instagram.com/",
    "https://t.me/share?url=http%3A%2F%2Fx.gov.az&text=x",
    "https://t.me/share/url?url=x",
    "https://t.me/agency_az/345",
    "https://api.whatsapp.com/send?text=x%20http%3A%2F%2Fx.gov.az",
    "https://www.linkedin.com/shareArticle?mini=true&url=x",
    "https://www.linkedin.com/feed/",
    "https://www.flickr.com/photos/159387203@N04/40000000000",
    "https://vk.com/share.php?url=x",
    "https://vk.com/wall-123_456",
    "https://play.google.com/store/apps/details?id=az.gov.app",
    "https://itunes.apple.com/az/app/x/id1",
    "https://apps.apple.com/az/app/x/id1",
    "http://president.az/",
]


@pytest.mark.parametrize("href", NOT_ACCOUNTS)
def test_not_accounts(href):
    assert account_of(href) is None


def _page(body: str, url: str = "http://x.gov.az/") -> Page:
    return Page(url=url, text=f"<html><body>{body}</body></html>", role="home")


def test_share_buttons_beside_account_links():
    page = _page(
        '<div class="sharing"><a href="https://www.facebook.com/sharer/sharer.php?u=x">Paylaş</a>'
        '<a href="https://twitter.com/intent/tweet?text=x">Tweet</a></div>'
        '<footer><a href="https://www.facebook.com/agency" class="facebook"></a></footer>'
    )
    found = detect_social([page])
    assert found.to_contract() == [
        {"network": "facebook", "url": "https://www.facebook.com/agency"}
    ]
    rules = [e.rule for e in found.evidence]
    assert rules.count("social.rejected") == 2 and "social.icon_link" in rules


def test_icon_only_and_text_links_are_both_accounts():
    found = detect_social([_page(
        '<a href="https://www.youtube.com/user/agency" class="youtube"><i class="fa"></i></a>'
        '<a href="https://twitter.com/agency">Twitter</a>'
    )])  # fmt: skip
    assert [a.network for a in found.accounts] == ["youtube", "twitter"]
    assert [e.rule for e in found.evidence] == ["social.icon_link", "social.text_link"]


def test_one_entry_per_account_across_spellings_and_pages():
    home = _page(
        '<a href="https://www.facebook.com/Agency/">f</a><a href="https://m.facebook.com/agency">f</a>'
        '<a href="https://twitter.com/agency">t</a>'
    )
    other = _page('<a href="https://x.com/Agency">x</a><a href="http://fb.com/agency">f</a>',
                  url="http://x.gov.az/az/contact.html")  # fmt: skip
    found = detect_social([home, other])
    assert len(found.accounts) == 2
    assert {e.url for e in found.evidence if e.rule != "social.rejected"} == {"http://x.gov.az/"}


def test_widget_timeline_and_placeholder_icons_are_not_accounts():
    found = detect_social([_page(
        '<a class="twitter-timeline" href="https://twitter.com/OtherBody">Tweets</a>'
        '<a href="#" class="fa fa-twitter"></a>'
        '<a href="mailto:info@x.gov.az" class="social-linkedin"></a>'
    )])  # fmt: skip
    assert found.accounts == ()


def test_links_inside_other_pages_content_are_not_the_agencys_accounts():
    home = _page('<footer><a href="https://www.facebook.com/agency" class="facebook"></a></footer>')
    item = _page(
        '<div class="metn"><p>Prezidentin <a href="https://www.facebook.com/PresidentAz">Facebook'
        "</a> səhifəsində</p></div>"
        '<div class="social"><a href="https://www.instagram.com/agency_az/"></a></div>',
        url="http://x.gov.az/az/news/12.html",
    )
    found = detect_social([home, item])
    assert [a.url for a in found.accounts] == [
        "https://www.facebook.com/agency",
        "https://www.instagram.com/agency_az",
    ]


# -- page-plugin ("like box") iframes name an account (the contract's December 2026 clarification)


def test_like_box_iframe_names_the_page_it_shows():
    html = (
        '<html><body><div class="sidebar"><iframe src="https://www.facebook.com/plugins/'
        'page.php?href=https%3A%2F%2Fwww.facebook.com%2FAgency&tabs=timeline&width=340" '
        'width="340" height="500"></iframe></div></body></html>'
    )
    found = detect_social([Page("https://agency.gov.az/", html)])
    assert [a.to_dict() for a in found.accounts] == [
        {"network": "facebook", "url": "https://www.facebook.com/Agency"}
    ]
    assert found.evidence[0].rule == "social.plugin_iframe"


def test_like_box_sdk_div_and_likebox_php_and_protocol_relative():
    html = (
        '<div class="fb-page" data-href="https://www.facebook.com/AgencyOne" '
        'data-tabs="timeline"></div>'
        '<iframe src="//www.facebook.com/plugins/likebox.php?href=http%3A%2F%2Fwww.facebook.com'
        '%2FAgencyTwo&amp;width=292"></iframe>'
    )
    found = detect_social([Page("https://agency.gov.az/", html)])
    assert {a.url for a in found.accounts} == {
        "https://www.facebook.com/AgencyOne",
        "https://www.facebook.com/AgencyTwo",
    }


def test_like_box_and_link_to_the_same_page_are_one_account():
    html = (
        '<a href="https://www.facebook.com/Agency">Facebook</a>'
        '<iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2F'
        'www.facebook.com%2FAgency"></iframe>'
    )
    found = detect_social([Page("https://agency.gov.az/", html)])
    assert len(found.accounts) == 1


@pytest.mark.parametrize(
    "src",
    [
        "https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fagency.gov.az%2Fnews%2F1",
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2FAgency"
        "%2Fvideos%2F123",
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2FAgency"
        "%2Fposts%2F1",
        "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fsharer.php",
        "https://www.youtube.com/embed/abc",
    ],
)
def test_other_plugins_and_embeds_are_not_accounts(src):
    found = detect_social([Page("https://agency.gov.az/", f'<iframe src="{src}"></iframe>')])
    assert found.accounts == ()
