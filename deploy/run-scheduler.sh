#!/usr/bin/env bash
# Runs the scheduler service: deploy/schedule.toml submitted to Scrapyd on time, one JSON line
# per decision on stdout. Its state (last fire time per job) is kept in $OGP_DATA.
#   SCRAPYD_URL      Scrapyd (default http://127.0.0.1:6800)
#   OGP_SCHEDULE     another schedule file
#   OGP_HOME         the checkout as the Scrapyd host sees it (the schedule's ${OGP_HOME})
# Extra arguments go to the scheduler: --once, --dry-run.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export OGP_HOME=${OGP_HOME:-$ROOT}
export OGP_DATA=${OGP_DATA:-$ROOT/.scrapyd}
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$ROOT/.venv/bin/python" ]; then PYTHON=$ROOT/.venv/bin/python; else PYTHON=python3; fi
fi
mkdir -p "$OGP_DATA"
exec "$PYTHON" -m ogpcrawl.scheduler --schedule "${OGP_SCHEDULE:-$HERE/schedule.toml}" \
  --state "$OGP_DATA/scheduler-state.json" "$@"
