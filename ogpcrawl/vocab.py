"""Closed vocabularies of the snapshot contract, in one place.

Detectors, the item schema, database CHECK constraints and templates all import these tuples,
so a typo cannot invent a status. See docs/snapshot-contract.md.
"""

from ogpcrawl import specs as _specs

LEVELS = ("local", "central")
FAMILIES = ("local_ih", "ministry")
# spider name -> the agencies-file family it crawls
SPIDER_FAMILY = {"local_ih": "local_ih", "ministries": "ministry"}
RENDER_MODES = ("auto", "static", "browser")

# Why a site (or a page of it) could not be loaded.
ERRORS = (
    "dns",
    "refused",
    "timeout",
    "tls",
    "http_4xx",
    "http_5xx",
    "redirect_loop",
    "too_large",
    "robots",
    "other",
)

NETWORKS = (
    "facebook",
    "instagram",
    "youtube",
    "twitter",
    "telegram",
    "linkedin",
    "flickr",
    "tiktok",
    "vk",
    "ok",
    "whatsapp",
    "other",
)

# social[].activity, the report's 2.4 scale (docs/snapshot-contract.md, Additions); the thresholds
# are data (ogpcrawl/specs/indicators/social.toml), the rule is detect.activity.classify.
ACTIVITIES = ("intense", "active", "moderate", "weak", "stopped", "unknown")
# An account's change between two runs (detect.verdicts.account_change; social_accounts.change).
ACCOUNT_CHANGES = ("went_quiet", "resumed")

# "unknown" is a project addition (docs/snapshot-contract.md, "Additions"): the section exists
# but its page failed to load, so its content could not be judged.
COUNCIL_STATUSES = (
    "absent",
    "empty",
    "legislation_only",
    "announcement",
    "members",
    "active",
    "off_topic",
    "unknown",
)

CADENCES = ("daily", "weekly", "monthly", "rare", "none")

COMMITMENTS = ("2.4", "4.2.1", "4.2.2", "5.6")
# OGP completion scale
RATINGS = ("not_started", "limited", "substantial", "complete")
# What an annex cell says (detect/verdicts.py cell_kind): "Var", "Yoxdur", "Naməlum", "İŞLƏMİR".
CELL_KINDS = ("yes", "no", "unknown", "down")

# Roles a fetched page plays for the detectors; set by the spider that fetched it.
PAGE_ROLES = (
    "home",
    "council",
    "procurement",
    "eservices",
    "news",
    "news_item",
    "search",
    "search_check",  # the answer to the search_works query (a word of the latest news title)
    "search_control",  # the answer to a nonsense query: what the site shows for no match
    "sitemap",
    "structure",  # a structure/about/leadership/apparatus page read for sections the menu hides
    "other",
)

# Sections the spider looks for in menus (keys of detect.navigation.discover_sections()): the
# indicators with section = true in ogpcrawl/specs (index.toml order).
SECTIONS = _specs.active().sections

# News cadence window: posts per month are counted over the 90 days before the last post.
NEWS_WINDOW_DAYS = 90
DAYS_PER_MONTH = 30.44
