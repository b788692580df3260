"""The agency's own social-network accounts, one entry per account.

Every <a href> of the pages is classified by host and path. A link is an account only if its
path names one (a user, page, channel, company); share/intent/sharer links, plugins and embeds,
single posts or videos, app-store pages and a network's home page are not. Icon-only links
(no text, class "facebook") count like any other. Rule ids:
  social.text_link / social.icon_link   an account link with / without visible text
  social.login_redirect                 instagram.com/accounts/login/?next=/<user>/ (the account
                                        is the `next` target)
  social.rejected                       a network link that is not an account (first few kept)
  social.plugin_iframe                  a page-plugin ("like box") iframe, facebook.com/plugins/
                                        page.php?href=<page>: the page it shows is an account
  social.plugin_div                     the same like box before the SDK renders it:
                                        <div class="fb-page" data-href="<page>">
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from ogpcrawl.detect.links import absolute, anchors, host_of, page_base
from ogpcrawl.detect.page import Evidence, Page
from ogpcrawl.detect.text import clean_space

# host (without www./m./mobile.) -> network
HOSTS: dict[str, str] = {
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "fb.me": "facebook",
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "youtube.com": "youtube",
    "twitter.com": "twitter",
    "x.com": "twitter",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "telegram.dog": "telegram",
    "linkedin.com": "linkedin",
    "flickr.com": "flickr",
    "tiktok.com": "tiktok",
    "vk.com": "vk",
    "vkontakte.ru": "vk",
    "ok.ru": "ok",
    "odnoklassniki.ru": "ok",
    "wa.me": "whatsapp",
    "whatsapp.com": "whatsapp",
    "api.whatsapp.com": "whatsapp",
    "plus.google.com": "other",
    "pinterest.com": "other",
    "threads.net": "other",
    "medium.com": "other",
}

# First path segments that are never an account name, per network ("*" = every network).
RESERVED: dict[str, set[str]] = {
    "*": {
        "share", "sharer", "sharer.php", "share.php", "intent", "plugins", "embed", "dialog",
        "login", "login.php", "signup", "home", "home.php", "search", "hashtag", "explore",
        "watch", "widgets", "widgets.js", "l.php", "tr", "privacy", "policies", "help",
        "about", "legal", "settings", "i", "download", "apps", "developers", "v", "iframe",
        "sharing", "shareArticle", "send", "feed", "results", "playlist", "shorts", "video",
        "videos", "reel", "reels", "p", "tv", "status", "story.php", "permalink.php",
        "photo.php", "photo", "photos", "watch.php", "dk", "redirect", "oembed", "s", "stories",
    },
    "youtube": {"channel", "user", "c"},  # handled as two-segment names
    "linkedin": {"company", "in", "school", "showcase", "pulse", "posts"},
    "flickr": {"people"},
    "facebook": {"pages", "groups", "people", "profile.php", "events", "watch", "gaming"},
}  # fmt: skip
RESERVED_ALL = {w.lower() for w in RESERVED["*"]}

# Anchors with these classes are widgets showing someone's timeline, not the agency's link.
EMBED_CLASS = re.compile(r"twitter-timeline|twitter-tweet|fb-page|fb-post|instagram-media", re.I)
_NAME = re.compile(r"^[@+]?[\w.\-@%]{1,100}$", re.UNICODE)


@dataclass(frozen=True)
class SocialAccount:
    network: str
    url: str

    def to_dict(self) -> dict:
        return {"network": self.network, "url": self.url}


@dataclass(frozen=True)
class SocialFinding:
    accounts: tuple[SocialAccount, ...] = ()
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    def to_contract(self) -> list[dict]:
        return [a.to_dict() for a in self.accounts]


def network_of(url: str, host: str | None = None) -> str | None:
    host = host if host is not None else host_of(url)
    for prefix in ("www.", "m.", "mobile.", "web.", "business.", "touch.", "de-de.", "az-az."):
        if host.startswith(prefix) and host[len(prefix) :] in HOSTS:
            host = host[len(prefix) :]
            break
    if host in HOSTS:
        return HOSTS[host]
    if host.endswith(".facebook.com"):  # language sub-domains (ru-ru.facebook.com)
        return "facebook"
    return None


def _segments(path: str) -> list[str]:
    return [unquote(s) for s in path.split("/") if s]


def account_of(url: str) -> tuple[str, str, str] | None:
    """(network, canonical url, dedupe key) if the URL names an account, else None."""
    network = network_of(url)
    if network is None:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    segs = _segments(parts.path)
    query = parse_qs(parts.query)
    host = host_of(url)
    if network == "twitter":  # keep the spelling the site uses; the key makes both one account
        host = "x.com" if host.endswith("x.com") else "twitter.com"

    if network == "instagram" and segs[:2] == ["accounts", "login"]:
        nxt = _segments(query.get("next", [""])[0])
        segs = nxt[:1]
    if network == "facebook" and segs and segs[0] == "profile.php":
        ident = query.get("id", [""])[0]
        return (
            _mk(network, f"https://www.facebook.com/profile.php?id={ident}", ident)
            if (ident.isdigit())
            else None
        )
    if network == "facebook" and segs and segs[0] == "pages" and len(segs) >= 2:
        ident = segs[-1] if segs[-1].isdigit() else segs[1]
        return _mk(network, f"https://www.facebook.com/{ident}", ident)
    if network == "facebook" and segs and segs[0] == "groups" and len(segs) >= 2:
        return _mk(network, f"https://www.facebook.com/groups/{segs[1]}", "groups/" + segs[1])
    if network == "whatsapp":
        return _whatsapp(parts, segs, query)
    if network == "youtube":
        return _youtube(segs)
    if network == "linkedin":
        if len(segs) >= 2 and segs[0] in {"company", "in", "school", "showcase"}:
            key = f"{segs[0]}/{segs[1]}"
            return _mk(network, f"https://www.linkedin.com/{key}", key)
        return None
    if network == "flickr":
        if len(segs) >= 2 and segs[0] in {"photos", "people"}:
            if len(segs) >= 3 and segs[2].isdigit():
                return None  # a single photo
            return _mk(network, f"https://www.flickr.com/photos/{segs[1]}", segs[1])
        return None
    if network == "tiktok":
        if segs and segs[0].startswith("@") and len(segs) == 1:
            return _mk(network, f"https://www.tiktok.com/{segs[0]}", segs[0])
        return None
    if network == "telegram":
        if segs and segs[0] == "s":
            segs = segs[1:]
        if len(segs) != 1:  # t.me/<name>/<post id> is one post
            return None
    if network == "ok" and segs and segs[0] in {"group", "profile"}:
        if len(segs) >= 2 and segs[1].isdigit():
            key = f"{segs[0]}/{segs[1]}"
            return _mk(network, f"https://ok.ru/{key}", key)
        return None
    if network == "vk" and segs and re.match(r"(wall|photo|video|album)-?\d", segs[0]):
        return None
    if network == "facebook" and len(segs) >= 2:
        # facebook.com/<page>/posts/..., /photos/..., /videos/...: content, not the account;
        # but facebook.com/<page>/ with a trailing tab (about, timeline) is the account.
        if segs[1].lower() not in {"about", "timeline", "info", "home"}:
            return None
    if network == "twitter" and len(segs) >= 2:
        return None  # twitter.com/<user>/status/<id>
    if network == "instagram" and len(segs) >= 2:
        return None
    if network == "other" and not segs:
        return None
    if not segs:
        return None
    name = segs[0]
    if name.lower() in RESERVED_ALL or name.lower() in RESERVED.get(network, set()):
        return None
    if not _NAME.match(name):
        return None
    canonical_host = {"facebook": "www.facebook.com", "instagram": "www.instagram.com"}.get(
        network, host
    )
    return _mk(network, f"https://{canonical_host}/{name}", name)


def _mk(network: str, url: str, key: str) -> tuple[str, str, str]:
    return network, url, f"{network}:{key.lower().strip('@')}"


def _youtube(segs: list[str]) -> tuple[str, str, str] | None:
    if not segs:
        return None
    head = segs[0]
    if head in {"channel", "user", "c"} and len(segs) >= 2:
        key = f"{head}/{segs[1]}"
        return _mk("youtube", f"https://www.youtube.com/{key}", key)
    if head.startswith("@") and len(head) > 1:
        return _mk("youtube", f"https://www.youtube.com/{head}", head)
    if len(segs) == 1 and head.lower() not in RESERVED_ALL and _NAME.match(head):
        return _mk("youtube", f"https://www.youtube.com/{head}", "c/" + head)  # legacy /<name>
    return None


def _whatsapp(parts, segs: list[str], query: dict) -> tuple[str, str, str] | None:
    if segs and segs[0] == "channel" and len(segs) >= 2:
        return _mk("whatsapp", f"https://whatsapp.com/channel/{segs[1]}", segs[1])
    phone = ""
    if host_of(parts.geturl()) == "wa.me" and segs and segs[0].lstrip("+").isdigit():
        phone = segs[0].lstrip("+")
    elif query.get("phone"):
        phone = query["phone"][0].lstrip("+")
    if phone.isdigit() and not (query.get("text") and not query.get("phone")):
        return _mk("whatsapp", f"https://wa.me/{phone}", phone)
    return None  # send?text=... with no number is a share link


def _in_chrome(a) -> bool:
    """Site-wide chrome: navigation, footer, or a block whose class names social links."""
    if a.in_nav or a.in_footer:
        return True
    for depth, anc in enumerate(a.node.iterancestors()):
        if depth >= 4:
            break
        if _SOCIAL_BLOCK.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return True
    return False


_SOCIAL_BLOCK = re.compile(r"soc|follow|share|icons", re.I)


def detect_social(pages: Sequence[Page]) -> SocialFinding:
    """Accounts linked from the pages; evidence names the first page seen.

    The first page (the home page in a snapshot) counts whole; on the others only site-wide chrome
    counts (navigation, footer, social blocks): a news item linking to the President's page does
    not make it the agency's account.
    """
    found: dict[str, SocialAccount] = {}
    evidence: list[Evidence] = []
    rejected = 0
    for index, page in enumerate(pages):
        for a in anchors(page):
            if network_of(a.url, a.host) is None:
                continue
            if index and not _in_chrome(a):
                continue
            is_embed = bool(EMBED_CLASS.search(a.classes))
            acc = None if is_embed else account_of(a.url)
            if acc is None:
                if rejected < 5:
                    evidence.append(
                        Evidence("social", page.url, "social.rejected", clean_space(a.url, 200))
                    )
                rejected += 1
                continue
            network, url, key = acc
            if key in found:
                continue
            found[key] = SocialAccount(network, url)
            if "accounts/login" in a.url:
                rule = "social.login_redirect"
            elif a.node.text_content().strip():
                rule = "social.text_link"
            else:
                rule = "social.icon_link"
            evidence.append(Evidence("social", page.url, rule, clean_space(a.url, 200)))
        for rule, shown in like_boxes(page):
            acc = account_of(shown)
            if acc is None or acc[2] in found:
                continue
            found[acc[2]] = SocialAccount(acc[0], acc[1])
            evidence.append(Evidence("social", page.url, rule, clean_space(shown, 200)))
    return SocialFinding(tuple(found.values()), tuple(evidence))


MAX_LIKE_BOXES = 10


def like_boxes(page: Page) -> list[tuple[str, str]]:
    """(rule, page url) of each Facebook page plugin ("like box") on the page: an iframe whose
    src is facebook.com/plugins/page.php?href=<page> (likebox.php too), or the SDK's
    <div class="fb-page" data-href="<page>"> before it renders."""
    out: list[tuple[str, str]] = []
    try:
        root = page.sel.root
        frames = [n for n in root.iter("iframe")][:50]
        divs = [n for n in root.iter("div") if "fb-page" in (n.get("class") or "").split()][:50]
    except Exception:  # no element tree (empty or pathological document)
        return out
    base = page_base(page)
    for node in frames:
        src = absolute(node.get("src") or node.get("data-src"), base)
        if not src or network_of(src) != "facebook":
            continue
        shown = plugin_page(src)
        if shown:
            out.append(("social.plugin_iframe", shown))
    for node in divs:
        href = absolute(node.get("data-href"), base)
        if href and network_of(href) == "facebook":
            out.append(("social.plugin_div", href))
    return out[:MAX_LIKE_BOXES]


def plugin_page(url: str) -> str | None:
    """The page a page-plugin URL shows (its `href` parameter), or None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if not parts.path.rstrip("/").endswith(("/plugins/page.php", "/plugins/likebox.php")):
        return None
    href = parse_qs(parts.query).get("href", [""])[0].strip()
    if href.startswith("//"):
        href = "https:" + href
    return href if href.startswith(("http://", "https://")) else None
