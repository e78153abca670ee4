#!/usr/bin/env bash
# Start (or restart) or stop one daphne worker of a deployment that deploy/up.sh made:
#   deploy/worker.sh start 1     deploy/worker.sh stop 2
set -euo pipefail
# shellcheck source=deploy/lib.sh
. "$(dirname "$0")/lib.sh"

[ -f "$DEPLOY_DIR/app.env" ] || fail "no deployment in $DEPLOY_DIR: run deploy/up.sh first"
case "${1:-} ${2:-}" in
  start\ [0-9]*) start_worker "$2"; note "worker $2 answers on 127.0.0.1:$(worker_port "$2") (pid $(cat "$(worker_pidfile "$2")"))" ;;
  stop\ [0-9]*) stop_pidfile "$(worker_pidfile "$2")"; note "worker $2 stopped" ;;
  *) echo "usage: $0 start|stop N" >&2; exit 2 ;;
esac
