"""The social networks' public, login-free views, as the replica's agencies' accounts show them.

One object answers for every network host. Each account's posts follow its agency's ground-truth
row: `social_activity` sets the spacing of the posts, `social_last_post` the newest one, and
`social_traps` the traps (docs/farm.md, "Social networks"):

  pinned:facebook        an old post (2016) pinned above the recent ones; every other agency's
                         plugin marks it "Sancılmış yazı", the others do not mark it at all
  az_text:facebook       post dates only as Azerbaijani words ("2 gün əvvəl", "3 avqust")
  en_text:facebook       post dates only as English words ("Yesterday at 10:00", "Aug 3")
  login_wall:facebook    the page plugin answers with a login form
  never_posted:youtube   the channel exists, its feed has no entries
  rate_limited:youtube   the feed answers 429 Too Many Requests
  robots:youtube         youtube.com/robots.txt disallows the channel's feed

Views served: facebook.com/plugins/page.php?href=<page>&tabs=timeline (20 newest posts),
youtube.com/feeds/videos.xml?channel_id=UC<slug> (15 newest videos). Instagram and Twitter/X
pages are login walls (they have no login-free view; a crawler should not even ask). Telegram
(t.me/s/<name>) and VK (vk.com/<name>) answer as for an unknown name. Every host has robots.txt.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from html import escape
from urllib.parse import parse_qs, urlsplit

from ..web import Request, Response, html, not_found, text
from .model import AZ_MONTHS, EN_ABBR, rng

AS_OF = date(2018, 8, 20)  # the replica's day (ground truth); dates are written relative to it
# Days between two posts, per activity class (ground truth social_activity).
SPACING = {"intense": 0.75, "active": 2.5, "moderate": 5.0, "weak": 30.0, "stopped": 10.0}
POSTS_KEPT = 40  # posts each account has (the views show the newest 20 / 15)
FACEBOOK_VIEW = 20
YOUTUBE_VIEW = 15
PINNED_DAY = date(2016, 5, 10)

HOSTS = {
    "www.facebook.com": "facebook", "facebook.com": "facebook", "m.facebook.com": "facebook",
    "www.youtube.com": "youtube", "youtube.com": "youtube", "m.youtube.com": "youtube",
    "t.me": "telegram", "telegram.me": "telegram",
    "vk.com": "vk", "m.vk.com": "vk",
    "www.instagram.com": "instagram", "instagram.com": "instagram",
    "twitter.com": "twitter", "www.twitter.com": "twitter", "x.com": "twitter",
}  # fmt: skip

# Each network's robots.txt. The views the crawler reads are allowed; as on the real hosts, most
# else is not. (The real facebook.com robots.txt ends with "User-agent: * / Disallow: /": there a
# generic crawler may not read the plugin, and the account's activity is unknown.)
ROBOTS = {
    "facebook": "User-agent: *\nAllow: /plugins/\nDisallow: /ajax/\nDisallow: /login\n"
    "Disallow: /search\nDisallow: /sharer\nDisallow: /photo.php\n",
    "youtube": "User-agent: *\nDisallow: /comment\nDisallow: /get_video\nDisallow: /results\n"
    "Disallow: /watch_popup\nAllow: /feeds/\n",
    "telegram": "User-agent: *\nDisallow: /proxy\nDisallow: /socks\n",
    "vk": "User-agent: *\nDisallow: /al_\nDisallow: /login\nDisallow: /search\n",
    "instagram": "User-agent: *\nDisallow: /\n",
    "twitter": "User-agent: *\nDisallow: /\n",
}


def slug_of(row: dict) -> str:
    """The account name the replica's sites link (farm/sites/model.py: SiteModel.social)."""
    return row["agency_id"].replace("-", "") + ("ih" if row["level"] == "local" else "gov")


def post_times(row: dict) -> list[datetime]:
    """The account's posts, newest first (UTC)."""
    act = row.get("social_activity") or ""
    if act not in SPACING or not row.get("social_last_post"):
        return []
    last = date.fromisoformat(row["social_last_post"])
    step = SPACING[act]
    r = rng(row["agency_id"], "social")
    out = []
    for i in range(POSTS_KEPT):
        day = last - timedelta(days=int(i * step))
        # the newest post at 06:00 UTC keeps it on its own day in Baku too (UTC+4)
        hour = 6 if i == 0 else 5 + r.randrange(12)
        out.append(datetime(day.year, day.month, day.day, hour, r.randrange(60), tzinfo=UTC))
    return out


def traps(row: dict) -> set[str]:
    return {t for t in (row.get("social_traps") or "").split(";") if t}


def az_words(when: datetime) -> str:
    days = (AS_OF - when.date()).days
    if days == 0:
        return "3 saat əvvəl"
    if days == 1:
        return "dünən"
    if days < 7:
        return f"{days} gün əvvəl"
    month = AZ_MONTHS[when.month - 1]
    return f"{when.day} {month}" + (f" {when.year}" if when.year != AS_OF.year else "")


def en_words(when: datetime) -> str:
    days = (AS_OF - when.date()).days
    if days == 1:
        return f"Yesterday at {when:%H:%M}"
    if days == 0:
        return f"Today at {when:%H:%M}"
    month = EN_ABBR[when.month - 1]
    return f"{month} {when.day}" + (f", {when.year}" if when.year != AS_OF.year else "")


class SocialNetworks:
    """Answers for every network host; accounts are the ground truth's agencies."""

    def __init__(self, rows: dict[str, dict]):
        # slug -> ground-truth row (agencies with accounts only)
        self.accounts = {slug_of(r): r for r in rows.values() if r.get("social_networks")}

    def handle(self, request: Request) -> Response:
        network = HOSTS.get(request.host)
        if network is None:
            return not_found()
        if request.path == "/robots.txt":
            return text(self.robots(network))
        if network == "facebook":
            return self.facebook(request)
        if network == "youtube":
            return self.youtube(request)
        if network == "telegram":
            return html(
                '<html><body><div class="tgme_page"><div class="tgme_page_title">'
                'Telegram</div><div class="tgme_page_extra">If you have Telegram, you can'
                " contact this account right away.</div></div></body></html>"
            )
        if network == "vk":
            return html("<html><body><h1>404 Not Found</h1></body></html>", 404)
        return self.login_wall(network)

    def robots(self, network: str) -> str:
        """The network's robots.txt, with the feeds the `robots:<network>` trap disallows."""
        extra = "".join(
            f"Disallow: /feeds/videos.xml?channel_id=UC{slug}\n"
            for slug, row in sorted(self.accounts.items())
            if network == "youtube" and "robots:youtube" in traps(row)
        )
        return ROBOTS[network].replace("User-agent: *\n", "User-agent: *\n" + extra, 1)

    def _row(self, slug: str, network: str) -> dict | None:
        row = self.accounts.get(slug)
        if row is None or network not in row["social_networks"].split(";"):
            return None
        return row

    # -- Facebook ---------------------------------------------------------------------------
    def facebook(self, request: Request) -> Response:
        path = request.path.rstrip("/")
        if path in ("/plugins/page.php", "/plugins/likebox.php"):
            page = urlsplit(request.arg("href"))
            segs = [s for s in page.path.split("/") if s]
            row = self._row(segs[0], "facebook") if segs else None
            if row is None:
                return html(
                    "<html><body><div>This content isn't available right now</div></body></html>"
                )
            if "login_wall:facebook" in traps(row):
                return self.login_wall("facebook")
            return html(self.facebook_plugin(row, segs[0]))
        segs = [s for s in path.split("/") if s]
        if len(segs) == 1 and self._row(segs[0], "facebook"):
            return self.login_wall("facebook")  # a page itself asks a visitor to log in
        return not_found()

    def facebook_plugin(self, row: dict, slug: str) -> str:
        t = traps(row)
        style = "az" if "az_text:facebook" in t else "en" if "en_text:facebook" in t else "utime"
        posts = [(w, False) for w in post_times(row)[:FACEBOOK_VIEW]]
        if "pinned:facebook" in t:
            old = datetime(PINNED_DAY.year, PINNED_DAY.month, PINNED_DAY.day, 9, tzinfo=UTC)
            posts = [(old, True), *posts[: FACEBOOK_VIEW - 1]]
        marked = rng(row["agency_id"], "pin").random() < 0.5
        items = []
        for i, (when, pinned) in enumerate(posts):
            words = az_words(when) if style == "az" else en_words(when)
            if style == "utime":
                stamp = (
                    f'<abbr data-utime="{int(when.timestamp())}" title="{escape(words)}" '
                    f'class="_5ptz"><span class="timestampContent">{escape(words)}</span>'
                    "</abbr>"
                )
            else:
                stamp = (
                    f'<abbr class="_5ptz"><span class="timestampContent">{escape(words)}'
                    "</span></abbr>"
                )
            label = '<span class="_5pin_label">Sancılmış yazı</span>' if pinned and marked else ""
            items.append(
                f'<div class="_5pcr userContentWrapper"><div class="_1dwg">{label}'
                f'<div class="_5pcp"><a class="_5pcq" href="https://www.facebook.com/{slug}/posts/'
                f'{900 - i}">{stamp}</a></div><div class="_5pbx userContent"><p>Paylaşım {i + 1}'
                "</p></div></div></div>"
            )
        name = escape(row["name"])
        return (
            f'<!DOCTYPE html><html lang="az" id="facebook"><head><meta charset="utf-8">'
            f'<title>{name}</title></head><body class="plugin">'
            f'<div class="_2p3a" data-testid="page-plugin"><div class="_10b4"><div class="_1drp">'
            f'<a href="https://www.facebook.com/{slug}/" class="_1drq">{name}</a></div></div>'
            f'<div class="_2pi9" id="timeline">{"".join(items)}</div></div></body></html>'
        )

    # -- YouTube ----------------------------------------------------------------------------
    def youtube(self, request: Request) -> Response:
        if request.path != "/feeds/videos.xml":
            segs = [s for s in request.path.split("/") if s]
            if len(segs) == 2 and segs[0] == "channel":
                return html(f"<html><body><h1>{escape(segs[1])}</h1></body></html>")
            return not_found()
        channel = parse_qs(urlsplit(request.target).query).get("channel_id", [""])[0]
        row = self._row(channel[2:], "youtube") if channel.startswith("UC") else None
        if row is None:
            return Response(404, b"", "text/html; charset=utf-8")
        t = traps(row)
        if "rate_limited:youtube" in t:
            return Response(
                429, b"Too Many Requests", "text/plain; charset=utf-8", {"Retry-After": "3600"}
            )
        posts = [] if "never_posted:youtube" in t else post_times(row)[:YOUTUBE_VIEW]
        entries = "".join(
            f"<entry><id>yt:video:{channel}{i:03d}</id><yt:videoId>{channel}{i:03d}</yt:videoId>"
            f"<yt:channelId>{channel}</yt:channelId><title>Video {i + 1}</title>"
            f'<link rel="alternate" href="https://www.youtube.com/watch?v={channel}{i:03d}"/>'
            f"<published>{w.isoformat()}</published><updated>{w.isoformat()}</updated></entry>"
            for i, w in enumerate(posts)
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns:yt="http://www.youtube.com/'
            'xml/schemas/2015" xmlns:media="http://search.yahoo.com/mrss/" '
            'xmlns="http://www.w3.org/2005/Atom">'
            f'<link rel="self" href="http://www.youtube.com/feeds/videos.xml?channel_id='
            f'{channel}"/><id>yt:channel:{channel}</id><yt:channelId>{channel}</yt:channelId>'
            f"<title>{escape(row['name'])}</title><published>2015-01-12T08:00:00+00:00"
            f"</published>{entries}</feed>"
        )
        return Response(200, body.encode("utf-8"), "application/atom+xml; charset=utf-8")

    @staticmethod
    def login_wall(network: str) -> Response:
        return html(
            f"<!DOCTYPE html><html><head><title>Log in</title></head><body>"
            f'<h2>You must log in to continue.</h2><form id="login_form" '
            f'action="/login/?next={network}" method="post"><input name="email">'
            f'<input type="password" name="pass"></form></body></html>'
        )
