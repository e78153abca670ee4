# Shared by deploy/up.sh, deploy/down.sh and deploy/worker.sh: the settings (each can be
# given in the environment) and small helpers. Sourced, not run.

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPLOY_DIR="${DEPLOY_DIR:-$REPO/var/deploy}"  # run files: config, secrets, TLS, static, logs, pids

# What up.sh used is kept in $DEPLOY_DIR/deploy.env, so the other scripts (and up.sh run
# again) act on the same ports and database; a variable set in the environment wins.
if [ -f "$DEPLOY_DIR/deploy.env" ]; then
  while IFS='=' read -r key value; do
    [ -n "$key" ] && [ -z "${!key+set}" ] && printf -v "$key" '%s' "$value"
  done <"$DEPLOY_DIR/deploy.env"
fi

DEPLOY_WORKERS="${DEPLOY_WORKERS:-2}"            # daphne workers
DEPLOY_FIRST_PORT="${DEPLOY_FIRST_PORT:-8001}"   # worker n listens on FIRST_PORT + n - 1
DEPLOY_HTTP_PORT="${DEPLOY_HTTP_PORT:-8080}"     # nginx: redirects to HTTPS
DEPLOY_HTTPS_PORT="${DEPLOY_HTTPS_PORT:-8443}"   # nginx: TLS
DEPLOY_LISTEN="${DEPLOY_LISTEN:-127.0.0.1}"      # nginx's address
DEPLOY_HOST="${DEPLOY_HOST:-localhost}"          # the name users reach it by
DEPLOY_PG="${DEPLOY_PG:-postgres://postgres@127.0.0.1:5432}"  # a superuser, to make the roles
DEPLOY_DB="${DEPLOY_DB:-ih_deploy}"
DEPLOY_DB_OWNER="${DEPLOY_DB_OWNER:-${DEPLOY_DB}_owner}"
DEPLOY_DB_APP="${DEPLOY_DB_APP:-${DEPLOY_DB}_app}"
DEPLOY_REDIS_URL="${DEPLOY_REDIS_URL:-redis://127.0.0.1:6379/11}"
UPLOAD_MAX_MB="${UPLOAD_MAX_MB:-10}"

PY="$REPO/.venv/bin/python"
NGINX_CONF="$DEPLOY_DIR/nginx.conf"

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
note() { printf '   %s\n' "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

worker_port() { echo $((DEPLOY_FIRST_PORT + $1 - 1)); }
worker_pidfile() { echo "$DEPLOY_DIR/worker-$1.pid"; }

# The pid in a pid file, if that process still runs.
running_pid() {
  local pid
  [ -f "$1" ] || return 1
  pid="$(cat "$1")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Stop the process of a pid file: TERM, then KILL after $2 seconds (default 10).
stop_pidfile() {
  local pid waited=0
  if pid="$(running_pid "$1")"; then
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$waited" -ge "$((${2:-10} * 10))" ]; then
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
  rm -f "$1"
}

# The worker's /healthz (or /log-ind/ before /healthz existed) answers, asked directly.
worker_answers() {
  local port code
  port="$(worker_port "$1")"
  for path in /healthz /log-ind/; do
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 -H "Host: $DEPLOY_HOST" \
      -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$port$path" || true)"
    [ "$code" = 404 ] && continue
    [ "$code" = 200 ]
    return
  done
  return 1
}

# Start daphne worker n with the application's environment (the app role's database URL),
# its pid in worker-n.pid and its output in logs/worker-n.log; wait until it answers.
start_worker() {
  local n="$1" port pidfile
  port="$(worker_port "$n")"
  pidfile="$(worker_pidfile "$n")"
  stop_pidfile "$pidfile"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is taken by another process: stop it, or set DEPLOY_FIRST_PORT"
  fi
  (
    cd "$REPO"
    set -a
    # shellcheck disable=SC1091
    . "$DEPLOY_DIR/app.env"
    set +a
    exec nohup "$REPO/.venv/bin/daphne" --proxy-headers -b 127.0.0.1 -p "$port" infohus.asgi:application
  ) >>"$DEPLOY_DIR/logs/worker-$n.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  for _ in $(seq 1 300); do
    worker_answers "$n" && return 0
    running_pid "$pidfile" >/dev/null || fail "worker $n exited: see $DEPLOY_DIR/logs/worker-$n.log"
    sleep 0.1
  done
  fail "worker $n did not answer on port $port within 30 s: see $DEPLOY_DIR/logs/worker-$n.log"
}
