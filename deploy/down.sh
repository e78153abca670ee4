#!/usr/bin/env bash
# Undo deploy/up.sh: stop nginx and the workers it started, drop its database and roles,
# empty its Redis database, stop PostgreSQL or Redis only if up.sh had started them, and
# remove $DEPLOY_DIR (its secrets included; DEPLOY_KEEP_LOGS=1 keeps the logs).
set -euo pipefail
# shellcheck source=deploy/lib.sh
. "$(dirname "$0")/lib.sh"

if [ ! -f "$DEPLOY_DIR/deploy.env" ]; then
  note "no deployment in $DEPLOY_DIR: nothing to take down"
  exit 0
fi

say "nginx and workers"
for pidfile in "$DEPLOY_DIR/nginx.pid" "$DEPLOY_DIR"/worker-*.pid; do
  if running_pid "$pidfile" >/dev/null; then
    stop_pidfile "$pidfile"
    note "$(basename "$pidfile" .pid) stopped"
  fi
  rm -f "$pidfile"
done

say "database $DEPLOY_DB and roles $DEPLOY_DB_OWNER, $DEPLOY_DB_APP"
pg_hostport="${DEPLOY_PG#*://}"
pg_hostport="${pg_hostport#*@}"
pg_hostport="${pg_hostport%%/*}"
if pg_isready -h "${pg_hostport%:*}" -p "${pg_hostport##*:}" -q; then
  psql "$DEPLOY_PG/postgres" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DEPLOY_DB WITH (FORCE)" \
    -c "DROP ROLE IF EXISTS $DEPLOY_DB_APP" -c "DROP ROLE IF EXISTS $DEPLOY_DB_OWNER"
  note "dropped"
else
  note "PostgreSQL does not answer: nothing dropped"
fi

say "Redis ($DEPLOY_REDIS_URL)"
if redis-cli -u "$DEPLOY_REDIS_URL" flushdb >/dev/null 2>&1; then
  note "this deployment's Redis database emptied"
fi
if [ "${DEPLOY_STARTED_REDIS:-0}" = 1 ]; then
  redis-cli -u "$DEPLOY_REDIS_URL" shutdown nosave >/dev/null 2>&1 || true
  note "Redis stopped (up.sh had started it)"
fi
if [ "${DEPLOY_STARTED_PG:-0}" = 1 ]; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main stop
  note "PostgreSQL stopped (up.sh had started it)"
fi

if [ "${DEPLOY_KEEP_LOGS:-0}" = 1 ]; then
  find "$DEPLOY_DIR" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} +
  note "removed $DEPLOY_DIR but its logs/"
else
  rm -rf "$DEPLOY_DIR"
  note "removed $DEPLOY_DIR"
fi
say "down"
