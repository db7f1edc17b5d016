#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer on 127.0.0.1 for the tests: a no-op where both do,
# otherwise start them, installing Debian's packages first when they are missing.
set -euo pipefail
pg_up() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
redis_up() { command -v redis-cli >/dev/null && [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ]; }
apt_updated=
apt_install() {
  [ -n "$apt_updated" ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! pg_up; then
  command -v pg_ctlcluster >/dev/null || apt_install postgresql
  version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$version" ]; then
    version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
    pg_createcluster "$version" main
  fi
  hba=/etc/postgresql/$version/main/pg_hba.conf
  grep -q "^host all postgres 127.0.0.1/32 trust" "$hba" || sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do pg_up && break; sleep 1; done
  pg_up || { echo "PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }
fi

if ! redis_up; then
  command -v redis-server >/dev/null || apt_install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis_up && break; sleep 1; done
  redis_up || { echo "Redis does not answer on 127.0.0.1:6379" >&2; exit 1; }
fi

if ! command -v chromium >/dev/null; then
  apt_install chromium
fi
echo "services: PostgreSQL, Redis and Chromium ready"
