#!/usr/bin/env bash
# Runs Scrapyd for ogpcrawl with deploy/scrapyd.conf, in the data directory $OGP_DATA (default
# .scrapyd in the checkout): eggs, logs, the job database and the crawls' output live there.
#   SCRAPYD_HTTP_PORT / SCRAPYD_BIND_ADDRESS   port and address (default 6800, 127.0.0.1)
#   DATABASE_URL                               where every job stores its snapshots
#   http_proxy / https_proxy                   honoured by every download (the farm demo)
#   OGP_DEPLOY=1                               deploy this checkout once Scrapyd answers
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
DATA=${OGP_DATA:-$ROOT/.scrapyd}
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON=$ROOT/.venv/bin/python; else PYTHON=python3; fi
fi

mkdir -p "$DATA"
[ -e "$DATA/.gitignore" ] || echo '*' > "$DATA/.gitignore"  # a data dir inside the checkout
# Scrapyd reads ./scrapyd.conf. Its jobs inherit this working directory, which holds no ogpcrawl
# package, so a job imports the deployed egg rather than whatever sits next to it.
ln -sfn "$HERE/scrapyd.conf" "$DATA/scrapyd.conf"
cd "$DATA"
# No pid file: twistd refuses to start over a stale one, e.g. in a restarted container whose
# volume kept it and where the old pid now belongs to this very script.
set -- --pidfile= "$@"

if [ "${OGP_DEPLOY:-0}" != 1 ]; then
  exec "$PYTHON" -m scrapyd "$@"
fi

"$PYTHON" -m scrapyd "$@" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' TERM INT
url="http://127.0.0.1:${SCRAPYD_HTTP_PORT:-6800}/"
# The proxy variables are for the crawls; the calls to our own Scrapyd go direct.
direct=(env -u http_proxy -u https_proxy -u HTTP_PROXY -u HTTPS_PROXY)
for _ in $(seq 1 60); do
  "${direct[@]}" "$PYTHON" -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1] + 'daemonstatus.json', timeout=2)" "$url" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "[run-scrapyd] Scrapyd exited" >&2; wait "$pid"; exit 1; }
  sleep 1
done
SCRAPYD_URL=$url "${direct[@]}" bash "$HERE/deploy.sh" || echo "[run-scrapyd] deploy failed; Scrapyd keeps running" >&2
wait "$pid"
