#!/usr/bin/env bash
# The main job on the embedded default, offline: sets up, starts the offline replica of the
# monitored web (the farm) on loopback, crawls it with both spiders in one census as of the 2018
# monitoring date through http_proxy/https_proxy, and leaves the database (./ogpcrawl.db) and the annex
# tables (./output/<run id>/) behind.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
VENV=${VENV:-.venv}
AS_OF=${AS_OF:-2018-08-20}
mkdir -p output
"$VENV/bin/python" -m ogpcrawl.farm --port 0 --log output/farm-requests.jsonl > output/farm.out 2> output/farm.err &
FARM_PID=$!
trap 'kill $FARM_PID 2>/dev/null || true' EXIT
echo "[demo] starting the offline replica of the monitored sites (the farm)"
for _ in $(seq 1 120); do grep -q '^READY ' output/farm.out 2>/dev/null && break; sleep 0.5; done
FARM_URL=$(awk '/^READY /{print $2; exit}' output/farm.out)
[ -n "$FARM_URL" ] || { echo "[demo] the farm did not start:"; cat output/farm.err; exit 1; }
echo "[demo] farm at $FARM_URL"
export http_proxy=$FARM_URL https_proxy=$FARM_URL no_proxy=
# The farm is on loopback: politeness delays are lowered by settings for the demo only.
FAST=(-s DOWNLOAD_DELAY=0 -s AUTOTHROTTLE_ENABLED=False -s CONCURRENT_REQUESTS=64)
# The log goes to a file; the terminal shows a progress bar (plain progress lines when this
# output is not a terminal), then the crawl's one-line verdict.
PROGRESS=$([ -t 2 ] && echo auto || echo lines)
# The census: both spiders (local_ih, ministries) in one process, one run, one report folder.
echo "[demo] scrapy census (AS_OF=$AS_OF; log in output/census.log)"
"$VENV/bin/scrapy" census -s AS_OF="$AS_OF" "${FAST[@]}" -O "output/%(name)s.jsonl" \
  -s LOG_LEVEL=INFO -s LOG_FILE="output/census.log" -s OGP_PROGRESS_BAR="$PROGRESS" -s OGP_PROGRESS_INTERVAL=10 \
  || { echo "[demo] the census failed; see output/census.log"; tail -20 "output/census.log"; exit 1; }
echo "[demo] done: database ./ogpcrawl.db, annexes under ./output/"
