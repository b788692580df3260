#!/usr/bin/env bash
# Sets up a fresh machine for ogpcrawl: a virtualenv with the project and its test tools, Debian's
# Chromium for browser rendering and PDF, and (with --services) the PostgreSQL and Redis the
# tests use. Safe to run again: every step checks before it acts.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
VENV=${VENV:-.venv}
WITH_SERVICES=0
for arg in "$@"; do
  case "$arg" in
    --services) WITH_SERVICES=1 ;;
    *) echo "usage: $0 [--services]" >&2; exit 2 ;;
  esac
done

log() { printf '[setup] %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

# 1. System packages: Chromium (the browser the crawler and the PDF printer use), pdftotext.
need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
if [ ${#need_apt[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null; then
    log "installing ${need_apt[*]} with apt-get (a few minutes)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    log "WARNING: no apt-get; install ${need_apt[*]} yourself (browser features need Chromium)"
  fi
fi

# 2. The virtualenv with the project (editable) and its test extras.
if [ ! -x "$VENV/bin/python" ]; then
  log "creating $VENV"
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# pip's output condensed to progress: one line redrawn on a terminal, a line per 20 packages in a
# log. Errors pass through; whether the install worked is checked by the import below.
pip_progress() {
  local n=0 tty=0 line name
  [ -t 1 ] && tty=1
  while IFS= read -r line; do
    case "$line" in
      Collecting*|"Requirement already satisfied"*)
        n=$((n + 1)); name=${line#Collecting }; name=${name#Requirement already satisfied: }
        if [ $tty = 1 ]; then printf '\r[setup]   %d packages: %.50s\033[K' "$n" "$name"
        elif [ $((n % 20)) = 0 ]; then log "  $n packages so far"; fi ;;
      "Installing collected packages"*)
        [ $tty = 1 ] && printf '\n'; tty=0
        log "  installing $(printf '%s\n' "$line" | awk -F, '{print NF}') packages" ;;
      ERROR*|*"error:"*) printf '%s\n' "$line" >&2 ;;
    esac
  done
  [ $tty = 1 ] && [ $n -gt 0 ] && printf '\n'
  return 0
}
log "installing ogpcrawl and its dependencies (about a minute on a fresh machine)"
"$VENV/bin/python" -m pip install --progress-bar off -e ".[test]" 2>&1 | pip_progress || true
"$VENV/bin/python" -c "import ogpcrawl, scrapy, scrapy_playwright, sqlalchemy, psycopg, jinja2" \
  || { echo "[setup] the install did not complete" >&2; exit 1; }

# 3. Services for the tests (PostgreSQL, Redis), started if they are down.
if [ "$WITH_SERVICES" = 1 ]; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
    if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
      log "starting PostgreSQL"
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    else
      log "PostgreSQL is not installed here; installing it with apt-get"
      DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
      as_root pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    fi
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
  pg_isready -h 127.0.0.1 -p 5432 || { echo "[setup] PostgreSQL did not come up" >&2; exit 1; }
  if ! (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then
    command -v redis-server >/dev/null || DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq redis-server >/dev/null
    log "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null && break; sleep 0.5; done
  fi
  (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null || { echo "[setup] Redis did not come up" >&2; exit 1; }
fi
log "ready"
