#!/usr/bin/env bash
# A throwaway PostgreSQL cluster from the operating system's packages (Debian's, 15 on
# bookworm), so the database-facing tests also run against an older server than the embedded
# one. Usage:
#   .ci/postgres.sh -- COMMAND...   start a cluster, run COMMAND with DATABASE_URL set to its
#                                   superuser, then stop the cluster and delete it
#   .ci/postgres.sh --version       print the server version that would be used
# PG_VERSION=16 picks a given major version when several are installed (default: the newest).
set -euo pipefail

SUDO=$([ "$(id -u)" -eq 0 ] && echo "" || echo sudo)

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "--- installing PostgreSQL from the system's packages" >&2
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  # The package starts a cluster of its own; this script never uses it.
  $SUDO pg_ctlcluster --force "$(ls /usr/lib/postgresql | sort -n | tail -1)" main stop 2>/dev/null || true
fi

major=${PG_VERSION:-$(ls /usr/lib/postgresql | sort -n | tail -1)}
bin=/usr/lib/postgresql/$major/bin
[ -x "$bin/initdb" ] || { echo "PostgreSQL $major is not installed ($bin/initdb)" >&2; exit 1; }

if [ "${1:-}" = "--version" ]; then
  "$bin/postgres" --version
  exit 0
fi
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "usage: $0 -- COMMAND..." >&2; exit 2; }

# The server refuses to run as root: as root, it runs as the `postgres` account the package
# created, in a directory that account owns.
if [ "$(id -u)" -eq 0 ]; then
  as_owner() { runuser -u postgres -- "$@"; }
else
  as_owner() { "$@"; }
fi

# The superuser's password is written here for initdb: the directory is its owner's alone (the
# tests reach the cluster over TCP), and what is written in it is too.
given_umask=$(umask)
umask 077
dir=$(mktemp -d /tmp/guestlist-pg.XXXXXX)
chmod 0700 "$dir"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')

cleanup() {
  as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

printf '%s\n' "$password" >"$dir/pwfile"
[ "$(id -u)" -eq 0 ] && chown postgres: "$dir/pwfile"
as_owner "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
rm -f "$dir/pwfile"
# Tuned for a throwaway cluster: durability buys nothing here, and the tests open many databases.
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -s start -o \
  "-p $port -h 127.0.0.1 -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  || { cat "$dir/server.log" >&2; exit 1; }

export DATABASE_URL="postgres://postgres:$password@127.0.0.1:$port/postgres"
echo "--- PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
umask "$given_umask"
"$@"
