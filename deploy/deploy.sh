#!/usr/bin/env bash
# Deploys this checkout to Scrapyd with scrapyd-deploy: the [deploy] target of scrapy.cfg
# (project ogpcrawl, http://127.0.0.1:6800/). SCRAPYD_URL points it at another Scrapyd without
# editing scrapy.cfg. Extra arguments go to scrapyd-deploy (e.g. --version 2025.09).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${SCRAPYD_DEPLOY:-}" ]; then DEPLOY=$SCRAPYD_DEPLOY
elif [ -x .venv/bin/scrapyd-deploy ]; then DEPLOY=.venv/bin/scrapyd-deploy
else DEPLOY=scrapyd-deploy
fi

if [ -z "${SCRAPYD_URL:-}" ]; then
  exec "$DEPLOY" "$@"
fi
# scrapyd-deploy merges a [deploy:NAME] section from the user's scrapy.cfg over the project's
# [deploy]: a throwaway one changes the url and keeps the project name from scrapy.cfg.
cfg=$(mktemp -d)
trap 'rm -rf "$cfg"' EXIT
printf '[deploy:env]\nurl = %s\n' "$SCRAPYD_URL" > "$cfg/scrapy.cfg"
XDG_CONFIG_HOME=$cfg "$DEPLOY" env "$@"
