#!/usr/bin/env bash
# CI: bring Infohus up as in production (deploy/up.sh), check it through nginx with its
# faults (deploy/check.py), and always take it down again (deploy/down.sh), pass or fail.
# Restarts PostgreSQL and Redis once each: run it when nothing else uses them.
set -euo pipefail
cd "$(dirname "$0")/.."
began=$SECONDS
export DEPLOY_DIR="${DEPLOY_DIR:-$PWD/var/deploy}"

finish() {
  local status=$?
  if [ "$status" -ne 0 ] && [ -d "$DEPLOY_DIR/logs" ]; then
    echo "== the deployment's logs, last lines"
    for log in "$DEPLOY_DIR"/logs/*.log; do
      echo "-- $log"
      tail -n 30 "$log"
    done
  fi
  bash deploy/down.sh || status=$?
  echo "deploy/ci.sh: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - began)) s"
  exit "$status"
}
trap finish EXIT

bash deploy/up.sh
.venv/bin/python deploy/check.py
