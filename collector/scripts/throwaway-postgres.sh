#!/usr/bin/env bash
# A throwaway PostgreSQL cluster with the hll extension, on loopback and a free port, for the
# collector's tests and benchmark. Debian's packages postgresql and postgresql-15-hll must be
# installed. PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres`
# user that the Debian package creates.
#
#   eval "$(collector/scripts/throwaway-postgres.sh start DIR)"  # exports GITOPS_CHECKPOINT_TEST_DATABASE
#   collector/scripts/throwaway-postgres.sh stop DIR
set -euo pipefail

cmd=${1:?start or stop}
dir=${2:?a directory for the cluster}
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

case $cmd in
start)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-instructions >"$dir/initdb.log"
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >/dev/null
    echo "export GITOPS_CHECKPOINT_TEST_DATABASE=postgres://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
