#!/usr/bin/env bash
# Bring Infohus up on this machine as in production, from Debian's packages: PostgreSQL with
# an owner and an application role, Redis, DEBUG=0, several daphne workers behind nginx with
# TLS. Idempotent: run it again to redeploy (the workers restart, nginx reloads). Settings:
# deploy/lib.sh and deploy/README.md. deploy/down.sh undoes it.
set -euo pipefail
# shellcheck source=deploy/lib.sh
. "$(dirname "$0")/lib.sh"
began=$SECONDS

pg_hostport="${DEPLOY_PG#*://}"
pg_hostport="${pg_hostport#*@}"
pg_hostport="${pg_hostport%%/*}"
pg_host="${pg_hostport%:*}"
pg_port="${pg_hostport##*:}"
[ "$pg_port" != "$pg_host" ] || pg_port=5432
redis_hostport="${DEPLOY_REDIS_URL#redis://}"
redis_hostport="${redis_hostport%%/*}"
redis_port="${redis_hostport##*:}"
https_origin="https://$DEPLOY_HOST$([ "$DEPLOY_HTTPS_PORT" = 443 ] || echo ":$DEPLOY_HTTPS_PORT")"
local_addr="$([ "$DEPLOY_LISTEN" = 0.0.0.0 ] && echo 127.0.0.1 || echo "$DEPLOY_LISTEN")"

psql_su() { psql "$DEPLOY_PG/postgres" -qAt -v ON_ERROR_STOP=1 "$@"; }
# manage.py with the application's environment, as the application role or the owner role.
as_app() { (cd "$REPO" && set -a && . "$DEPLOY_DIR/app.env" && set +a && "$PY" manage.py "$@"); }
as_owner() {
  (cd "$REPO" && set -a && . "$DEPLOY_DIR/app.env" && . "$DEPLOY_DIR/owner.env" && set +a && "$PY" manage.py "$@")
}

say "system packages"
need=()
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v redis-cli >/dev/null 2>&1 || need+=(redis-tools)
if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! pg_isready -h "$pg_host" -p "$pg_port" -q 2>/dev/null; then
  need+=(postgresql)
fi
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  note "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
note "$(nginx -v 2>&1), $(openssl version | cut -d' ' -f1-2), $(psql --version), $(redis-server --version | cut -d' ' -f1-3)"
[ -x "$REPO/.venv/bin/daphne" ] || (cd "$REPO" && make install)

mkdir -p "$DEPLOY_DIR"/{logs,tls,nginx,static,uploads}
chmod 755 "$DEPLOY_DIR" "$DEPLOY_DIR/static"  # nginx's workers read the static files
chmod 700 "$DEPLOY_DIR/tls" "$DEPLOY_DIR/uploads"
started_pg="${DEPLOY_STARTED_PG:-0}"
started_redis="${DEPLOY_STARTED_REDIS:-0}"

say "PostgreSQL ($pg_host:$pg_port) and Redis ($redis_hostport)"
if ! pg_isready -h "$pg_host" -p "$pg_port" -q; then
  note "PostgreSQL is not running: starting it"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  started_pg=1
  for _ in $(seq 1 30); do pg_isready -h "$pg_host" -p "$pg_port" -q && break; sleep 1; done
fi
pg_isready -h "$pg_host" -p "$pg_port" -q || fail "PostgreSQL does not answer on $pg_host:$pg_port"
if ! redis-cli -u "$DEPLOY_REDIS_URL" ping >/dev/null 2>&1; then
  note "Redis is not running: starting it (keeps nothing on disk)"
  redis-server --daemonize yes --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no \
    --dir "$DEPLOY_DIR" --logfile "$DEPLOY_DIR/logs/redis.log" --pidfile "$DEPLOY_DIR/redis.pid"
  started_redis=1
  for _ in $(seq 1 50); do redis-cli -u "$DEPLOY_REDIS_URL" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -u "$DEPLOY_REDIS_URL" ping >/dev/null || fail "Redis does not answer at $DEPLOY_REDIS_URL"

# The settings this deployment was made with: down.sh, worker.sh and check.py read them.
cat >"$DEPLOY_DIR/deploy.env" <<EOF
DEPLOY_WORKERS=$DEPLOY_WORKERS
DEPLOY_FIRST_PORT=$DEPLOY_FIRST_PORT
DEPLOY_HTTP_PORT=$DEPLOY_HTTP_PORT
DEPLOY_HTTPS_PORT=$DEPLOY_HTTPS_PORT
DEPLOY_LISTEN=$DEPLOY_LISTEN
DEPLOY_HOST=$DEPLOY_HOST
DEPLOY_PG=$DEPLOY_PG
DEPLOY_DB=$DEPLOY_DB
DEPLOY_DB_OWNER=$DEPLOY_DB_OWNER
DEPLOY_DB_APP=$DEPLOY_DB_APP
DEPLOY_REDIS_URL=$DEPLOY_REDIS_URL
DEPLOY_STARTED_PG=$started_pg
DEPLOY_STARTED_REDIS=$started_redis
UPLOAD_MAX_MB=$UPLOAD_MAX_MB
EOF

say "secrets (made once, kept in $DEPLOY_DIR, readable by root only)"
umask 077
if [ ! -f "$DEPLOY_DIR/secrets.env" ]; then
  cat >"$DEPLOY_DIR/secrets.env" <<EOF
SECRET_KEY=$(openssl rand -hex 40)
OWNER_PASSWORD=$(openssl rand -hex 24)
APP_PASSWORD=$(openssl rand -hex 24)
EOF
  note "new SECRET_KEY and database passwords"
else
  note "kept from the earlier run"
fi
# shellcheck disable=SC1091
. "$DEPLOY_DIR/secrets.env"
# The application's environment: what the workers run with. The app role's URL only.
cat >"$DEPLOY_DIR/app.env" <<EOF
DJANGO_SETTINGS_MODULE=infohus.settings
DEBUG=0
SECRET_KEY=$SECRET_KEY
ALLOWED_HOSTS=$DEPLOY_HOST
CSRF_TRUSTED_ORIGINS=$https_origin
SITE_URL=$https_origin
BEHIND_PROXY=1
DATABASE_URL=postgres://$DEPLOY_DB_APP:$APP_PASSWORD@$pg_host:$pg_port/$DEPLOY_DB
DB_POOL_MIN=2
DB_POOL_MAX=8
REDIS_URL=$DEPLOY_REDIS_URL
STATIC_ROOT=$DEPLOY_DIR/static
MEDIA_ROOT=$DEPLOY_DIR/uploads
UPLOAD_MAX_MB=$UPLOAD_MAX_MB
PYTHONUNBUFFERED=1
EOF
# The owner's URL: migrations and grants only, never the workers.
echo "DATABASE_URL=postgres://$DEPLOY_DB_OWNER:$OWNER_PASSWORD@$pg_host:$pg_port/$DEPLOY_DB" >"$DEPLOY_DIR/owner.env"
umask 022

say "database $DEPLOY_DB: owner role $DEPLOY_DB_OWNER, application role $DEPLOY_DB_APP"
# README "Owner and application roles", step 1 (as a superuser, once).
for role_password in "$DEPLOY_DB_OWNER:$OWNER_PASSWORD" "$DEPLOY_DB_APP:$APP_PASSWORD"; do
  role="${role_password%%:*}"
  password="${role_password#*:}"
  if [ "$(psql_su -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" = 1 ]; then
    psql_su -c "ALTER ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$password'"
  else
    psql_su -c "CREATE ROLE $role LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '$password'"
    note "role $role created"
  fi
done
if [ "$(psql_su -c "SELECT 1 FROM pg_database WHERE datname = '$DEPLOY_DB'")" != 1 ]; then
  psql_su -c "CREATE DATABASE $DEPLOY_DB OWNER $DEPLOY_DB_OWNER" -c "REVOKE ALL ON DATABASE $DEPLOY_DB FROM PUBLIC"
  note "database $DEPLOY_DB created"
fi
# Step 2, as the owner, on every deployment; step 3, the check as the application role.
as_owner migrate --noinput -v0
note "migrated (as $DEPLOY_DB_OWNER)"
note "$(as_owner grant_app_role "$DEPLOY_DB_APP")"
as_app audit_guard_check >"$DEPLOY_DIR/logs/audit_guard_check.log" 2>&1 ||
  { cat "$DEPLOY_DIR/logs/audit_guard_check.log"; fail "audit_guard_check as $DEPLOY_DB_APP"; }
note "audit_guard_check passed as $DEPLOY_DB_APP"

say "static files, production checks, demo data"
as_app collectstatic --noinput -v0
chmod -R a+rX "$DEPLOY_DIR/static"
note "collectstatic: $(find "$DEPLOY_DIR/static" -type f | wc -l) files in $DEPLOY_DIR/static"
as_app check --deploy --fail-level WARNING >/dev/null
note "manage.py check --deploy: clean"
# Demo users to log in with (the app role writes them as the application would).
umask 077
as_app load_demo --force >"$DEPLOY_DIR/demo-logins.txt"
umask 022
note "demo data loaded; logins and recovery codes in $DEPLOY_DIR/demo-logins.txt"

say "TLS certificate (self-signed, for $DEPLOY_HOST)"
if [ -f "$DEPLOY_DIR/tls/cert.pem" ] && openssl x509 -checkend 86400 -noout -in "$DEPLOY_DIR/tls/cert.pem" >/dev/null; then
  note "kept: $DEPLOY_DIR/tls/cert.pem"
else
  san="DNS:$DEPLOY_HOST"
  [ "$DEPLOY_HOST" = localhost ] || san="$san,DNS:localhost"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 -subj "/CN=$DEPLOY_HOST" \
    -addext "subjectAltName=$san,IP:127.0.0.1" \
    -keyout "$DEPLOY_DIR/tls/key.pem" -out "$DEPLOY_DIR/tls/cert.pem" 2>/dev/null
  note "made: $DEPLOY_DIR/tls/cert.pem ($san, 30 days)"
fi

say "$DEPLOY_WORKERS daphne workers"
for pidfile in "$DEPLOY_DIR"/worker-*.pid; do  # workers beyond the number now wanted
  [ -e "$pidfile" ] || continue
  n="${pidfile##*/worker-}"
  n="${n%.pid}"
  [ "$n" -le "$DEPLOY_WORKERS" ] || { stop_pidfile "$pidfile"; note "worker $n stopped"; }
done
for n in $(seq 1 "$DEPLOY_WORKERS"); do
  start_worker "$n"
  note "worker $n: 127.0.0.1:$(worker_port "$n") pid $(cat "$(worker_pidfile "$n")"), log $DEPLOY_DIR/logs/worker-$n.log"
done

say "nginx on $DEPLOY_LISTEN:$DEPLOY_HTTPS_PORT (HTTPS) and :$DEPLOY_HTTP_PORT (redirect)"
servers=""
for n in $(seq 1 "$DEPLOY_WORKERS"); do
  servers+="        server 127.0.0.1:$(worker_port "$n") max_fails=1 fail_timeout=10s;"$'\n'
done
user_line="# not started as root: the workers run as the starting user"
if [ "$(id -u)" = 0 ]; then
  nginx_user=www-data
  getent passwd www-data >/dev/null || nginx_user=nobody
  user_line="user $nginx_user;"
  if ! runuser -u "$nginx_user" -- test -r "$DEPLOY_DIR/static/css/infohus.css"; then
    # A path its workers cannot reach (a home directory, say): say so, and let them read it.
    note "$nginx_user cannot read $DEPLOY_DIR/static (a parent directory is closed):"
    note "nginx's workers run as root; set DEPLOY_DIR to a path $nginx_user can reach to avoid that"
    user_line="user root;"
  fi
fi
conf="$(cat "$REPO/deploy/nginx.conf")"
conf="${conf//"{{USER_LINE}}"/"$user_line"}"
conf="${conf//"{{UPSTREAM_SERVERS}}"/"${servers%$'\n'}"}"
conf="${conf//"{{DEPLOY_DIR}}"/"$DEPLOY_DIR"}"
conf="${conf//"{{STATIC_ROOT}}"/"$DEPLOY_DIR/static"}"
conf="${conf//"{{LISTEN_ADDR}}"/"$DEPLOY_LISTEN"}"
conf="${conf//"{{HTTP_PORT}}"/"$DEPLOY_HTTP_PORT"}"
conf="${conf//"{{HTTPS_PORT}}"/"$DEPLOY_HTTPS_PORT"}"
conf="${conf//"{{SERVER_NAME}}"/"$DEPLOY_HOST"}"
conf="${conf//"{{BODY_MAX_MB}}"/"$((UPLOAD_MAX_MB + 1))"}"
conf="${conf//"{{WORKERS}}"/"$DEPLOY_WORKERS"}"
case "$conf" in *"{{"*) fail "deploy/nginx.conf has a placeholder up.sh does not fill" ;; esac
printf '%s\n' "$conf" >"$NGINX_CONF"
nginx_cmd=(nginx -p "$DEPLOY_DIR/nginx/" -e "$DEPLOY_DIR/logs/nginx-error.log" -c "$NGINX_CONF")
"${nginx_cmd[@]}" -t -q || fail "nginx -t: the rendered $NGINX_CONF is wrong"
if pid="$(running_pid "$DEPLOY_DIR/nginx.pid")"; then
  "${nginx_cmd[@]}" -s reload
  note "reloaded (pid $pid)"
else
  "${nginx_cmd[@]}"
  for _ in $(seq 1 50); do running_pid "$DEPLOY_DIR/nginx.pid" >/dev/null && break; sleep 0.1; done
  note "started (pid $(cat "$DEPLOY_DIR/nginx.pid")), config $NGINX_CONF"
fi

say "waiting for $https_origin/healthz"
curl_tls=(curl -s --max-time 5 --cacert "$DEPLOY_DIR/tls/cert.pem"
  --resolve "$DEPLOY_HOST:$DEPLOY_HTTPS_PORT:$local_addr" --resolve "$DEPLOY_HOST:$DEPLOY_HTTP_PORT:$local_addr")
ready=""
for _ in $(seq 1 120); do
  code="$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$https_origin/healthz" || true)"
  if [ "$code" = 200 ]; then
    ready="/healthz answers 200"
    break
  elif [ "$code" = 404 ]; then  # a version without /healthz: the login page instead
    code="$("${curl_tls[@]}" -o /dev/null -w '%{http_code}' "$https_origin/log-ind/" || true)"
    [ "$code" = 200 ] && { ready="/log-ind/ answers 200 (no /healthz in this version)"; break; }
  fi
  sleep 0.5
done
[ -n "$ready" ] || fail "$https_origin did not become ready (last answer $code): see $DEPLOY_DIR/logs/"
note "$ready"
location="$("${curl_tls[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "http://$DEPLOY_HOST:$DEPLOY_HTTP_PORT/log-ind/")"
note "http://$DEPLOY_HOST:$DEPLOY_HTTP_PORT/log-ind/ -> $location"

say "Infohus is up at $https_origin/ in $((SECONDS - began)) s"
note "certificate: $DEPLOY_DIR/tls/cert.pem   logs: $DEPLOY_DIR/logs/   demo logins: $DEPLOY_DIR/demo-logins.txt"
note "check it: .venv/bin/python deploy/check.py    take it down: deploy/down.sh"
