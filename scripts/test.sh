#!/usr/bin/env bash
# Sets everything up and runs every test: lint, then pytest (PostgreSQL, Redis, Chromium and the
# offline farm included). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --services
VENV=${VENV:-.venv}
echo "[test] ruff"
"$VENV/bin/ruff" check ogpcrawl tests bench
"$VENV/bin/ruff" format --check ogpcrawl tests bench
# The services the tests need are up (setup checked): tell the tests that their absence is a failure.
export OGP_REQUIRE_SERVICES=1
echo "[test] pytest"
exec "$VENV/bin/python" -m pytest "$@"
