#!/usr/bin/env bash
# escrot's `fn::rotate::postgres` and `fn::rotate::mysql` (direct mode) under network
# latency, versus a Python program making the same database calls with psycopg (PostgreSQL)
# and PyMySQL (MariaDB), in one run:
#
#   bench/latency_db.sh [N] [--delay-ms D]     N rotators per database (default 30), D ms (default 50)
#
# A local PostgreSQL and MariaDB are started on free loopback ports (as crates/testkit
# does), each behind bench/delay_proxy.py, which delays every chunk the client sends by D
# ms: each round trip to the server costs at least D. One environment holds N rotators per
# database, all rotated by one `escrot rotate` at --concurrency 1, 4, 8, 16 and 32 (the
# release build, built once). The baseline rotates N other users pair by pair, as a
# rotation does (connect as the managing user, set the password, connect as the user and
# run a query), sequentially and with 8 threads; "reuse" is a second baseline whose threads
# keep one managing connection each.
#
# Printed per database: each wall time, how much faster than the 8-thread baseline, and
# the ratio to the latency limit `round trips × N × D ÷ concurrency`, where the round trips
# per rotation are measured: (escrot's wall time at concurrency 1 with the delay − without
# it) ÷ (N × D). Needs the postgresql and mariadb-server packages and python3-venv; the
# venv with psycopg and PyMySQL lives in $ESCROT_DB_VENV (default ~/.cache/escrot/dbbench-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
N=30
DELAY=50
while [ $# -gt 0 ]; do
    case "$1" in
        --delay-ms) DELAY="$2"; shift 2 ;;
        --delay-ms=*) DELAY="${1#*=}"; shift ;;
        -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) N="$1"; shift ;;
    esac
done
CONCURRENCIES=(1 4 8 16 32)

VENV="${ESCROT_DB_VENV:-$HOME/.cache/escrot/dbbench-venv}"
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import psycopg, pymysql' 2>/dev/null; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "psycopg[binary]==3.2.3" "PyMySQL==1.1.1"
fi
PY="$VENV/bin/python"
if [ -z "${ESCROT_BIN:-}" ]; then
    cargo build --release --quiet -p escrot --bin escrot
    ESCROT_BIN="${CARGO_TARGET_DIR:-target}/release/escrot"
fi

WORK="$(mktemp -d)"
chmod 711 "$WORK"   # PostgreSQL runs as its own user (below) and needs to reach its directory
PIDS=()
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- servers (not timed) --------------------------------------------------------------------
mkdir -p "$WORK/pg" "$WORK/mariadb"
ADMIN_PW="admin-Secret-0"
printf '%s' "$ADMIN_PW" >"$WORK/pg/pw"
[ "$(id -u)" = 0 ] && chown -R postgres: "$WORK/pg"
as_postgres "$PG_BIN/initdb" -D "$WORK/pg/data" -N -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$WORK/pg/pw" >"$WORK/pg/initdb.log"
PG_PORT="$(free_port)"
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pg/data" -w -l "$WORK/pg/log" \
    -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null

DB_USER="$([ "$(id -u)" = 0 ] && echo root || id -un)"
mariadb-install-db --no-defaults --user="$DB_USER" --datadir="$WORK/mariadb/data" \
    --auth-root-authentication-method=normal --skip-test-db >"$WORK/mariadb/install.log" 2>&1
MY_PORT="$(free_port)"
MY_SOCK="$WORK/mariadb/mysqld.sock"
mariadbd --no-defaults --user="$DB_USER" --datadir="$WORK/mariadb/data" --port="$MY_PORT" --bind-address=127.0.0.1 \
    --socket="$MY_SOCK" --pid-file="$WORK/mariadb/mysqld.pid" --log-error="$WORK/mariadb/error.log" \
    --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --skip-log-bin --max-connections=300 \
    </dev/null >/dev/null 2>&1 &
PIDS+=($!)

# Delay proxies in front of both; the escrot environment and the baseline go through them.
start_proxy() { # TO_PORT NAME (not in a subshell: PIDS must keep the proxy)
    "$PY" bench/delay_proxy.py --to "127.0.0.1:$1" --delay-ms "$DELAY" --port-file "$WORK/$2.port" >/dev/null &
    PIDS+=($!)
    for _ in $(seq 1 100); do [ -s "$WORK/$2.port" ] && break; sleep 0.05; done
}
start_proxy "$PG_PORT" pg-proxy
start_proxy "$MY_PORT" my-proxy
PG_PROXY="$(cat "$WORK/pg-proxy.port")"
MY_PROXY="$(cat "$WORK/my-proxy.port")"

# Users: a managing user per database; N pairs for escrot (e*), N pairs for the baseline (b*).
"$PY" - "$N" "$WORK" "$PG_PORT" "$ADMIN_PW" "$MY_SOCK" "$PG_PROXY" "$MY_PROXY" <<'PY'
import sys, time, psycopg, pymysql
n, work, pg_port, admin_pw, my_sock, pg_proxy, my_proxy = sys.argv[1:8]
n = int(n)
with psycopg.connect(host="127.0.0.1", port=pg_port, user="postgres", password=admin_pw, dbname="postgres",
                     autocommit=True) as c:
    c.execute("CREATE DATABASE bench")
    c.execute("CREATE ROLE mgr LOGIN CREATEROLE PASSWORD 'mgr-Pw-0'")
    for i in range(n):
        for p in ("e", "b"):
            for s in ("a", "b"):
                c.execute(f"CREATE ROLE {p}{i:03}{s} LOGIN PASSWORD 'initial-{p}{i}{s}'")
                c.execute(f"GRANT {p}{i:03}{s} TO mgr WITH ADMIN OPTION")
for _ in range(600):
    try:
        my = pymysql.connect(unix_socket=my_sock, user="root", autocommit=True)
        break
    except pymysql.err.OperationalError:
        time.sleep(0.1)
with my.cursor() as c:
    c.execute("CREATE DATABASE bench")
    c.execute("CREATE USER 'mgr'@'%' IDENTIFIED BY 'mgr-Pw-0'")
    c.execute("GRANT CREATE USER ON *.* TO 'mgr'@'%'")
    c.execute("GRANT ALL ON bench.* TO 'mgr'@'%'")
    for i in range(n):
        for p in ("e", "b"):
            for s in ("a", "b"):
                c.execute(f"CREATE USER '{p}{i:03}{s}'@'%' IDENTIFIED BY 'initial-{p}{i}{s}'")
for kind, rotator, port in (("pg", "postgres", pg_proxy), ("my", "mysql", my_proxy)):
    lines = ["values:", "  managing:", "    username: mgr", "    password:", "      fn::secret: mgr-Pw-0"]
    for i in range(n):
        lines += [f"  db{i:03}:", f"    fn::rotate::{rotator}:", "      inputs:", "        database:",
                  "          host: 127.0.0.1", f"          port: {port}", "          database: bench",
                  "          managingUser: ${managing}", "        rotateUsers:",
                  f"          username1: e{i:03}a", f"          username2: e{i:03}b"]
    open(f"{work}/{kind}.yaml", "w").write("\n".join(lines) + "\n")
PY

# The baseline: BASE KIND PORT THREADS REUSE rotates b000..b(N-1) once each.
cat >"$WORK/baseline.py" <<'PY'
import base64, hashlib, hmac, os, queue, secrets, sys, threading, time
import psycopg, pymysql
from psycopg import sql

kind, port, n, threads, reuse = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5] == "1"
ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~"

def scram_verifier(password):
    """What escrot sends (postgres_protocol's scram_sha_256): the password never crosses the wire."""
    salt = os.urandom(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 4096)
    stored = hashlib.sha256(hmac.new(salted, b"Client Key", "sha256").digest()).digest()
    server = hmac.new(salted, b"Server Key", "sha256").digest()
    b64 = lambda b: base64.b64encode(b).decode()
    return f"SCRAM-SHA-256$4096:{b64(salt)}${b64(stored)}:{b64(server)}"

def pg(user, password, db="bench"):
    return psycopg.connect(host="127.0.0.1", port=port, dbname=db, user=user, password=password, autocommit=True)

def my(user, password, db=None):
    return pymysql.connect(host="127.0.0.1", port=port, user=user, password=password, database=db, autocommit=True)

def managing():
    return pg("mgr", "mgr-Pw-0") if kind == "pg" else my("mgr", "mgr-Pw-0", "bench")

def rotate(conn, user):
    """Sets a new password on `user` as the managing user, then logs in with it."""
    password = "".join(secrets.choice(ALPHABET) for _ in range(32))
    if kind == "pg":
        stmt = sql.SQL("ALTER ROLE {} WITH PASSWORD {}").format(sql.Identifier(user), sql.Literal(scram_verifier(password)))
        conn.execute(stmt)
        with pg(user, password) as c:
            c.execute("SELECT 1")
    else:
        with conn.cursor() as cur:
            cur.execute("SELECT @@SESSION.sql_mode")
            cur.execute("ALTER USER %s IDENTIFIED BY %s", (user, password))
        c = my(user, password)
        c.ping(reconnect=False)
        c.close()

work = queue.Queue()
for i in range(n):
    work.put(f"b{i:03}a")
errors = []

def worker():
    conn = managing() if reuse else None
    while True:
        try:
            user = work.get_nowait()
        except queue.Empty:
            break
        try:
            if reuse:
                rotate(conn, user)
            else:
                with managing() as c:
                    rotate(c, user)
        except Exception as e:  # noqa: BLE001 - counted and reported
            errors.append(f"{user}: {e}")
    if conn is not None:
        conn.close()

start = time.monotonic()
pool = [threading.Thread(target=worker) for _ in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
print(f"{time.monotonic() - start:.3f} {len(errors)}")
if errors:
    print(errors[0], file=sys.stderr)
PY

now() { date +%s.%N; }
STORE="sqlite:$WORK/escrot.db"
# rotate_escrot ENV CONCURRENCY: prints the wall time; fails unless every rotation succeeded.
rotate_escrot() {
    local t0 t1
    t0="$(now)"
    "$ESCROT_BIN" --store "$STORE" rotate "$1" --concurrency "$2" --output json >"$WORK/out.json"
    t1="$(now)"
    "$PY" - "$WORK/out.json" "$N" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["rotations"]
ok = sum(x["result"] == "succeeded" for x in r)
if ok != int(sys.argv[2]):
    sys.exit(f"only {ok} of {sys.argv[2]} rotations succeeded: {[x.get('error') for x in r if x['result'] != 'succeeded'][:1]}")
PY
    echo "$t0 $t1" | awk '{printf "%.3f", $2 - $1}'
}

for kind in pg my; do
    if [ "$kind" = pg ]; then name=PostgreSQL; proxy="$PG_PROXY"; direct="$PG_PORT"; else name=MariaDB; proxy="$MY_PROXY"; direct="$MY_PORT"; fi
    env="bench/$kind"
    "$ESCROT_BIN" --store "$STORE" init "$env" -f "$WORK/$kind.yaml" >/dev/null
    # Without the delay (the proxy's port replaced by the server's): escrot's own time.
    sed "s/port: $proxy\$/port: $direct/" "$WORK/$kind.yaml" >"$WORK/$kind-direct.yaml"
    "$ESCROT_BIN" --store "$STORE" init "$env-direct" -f "$WORK/$kind-direct.yaml" >/dev/null
    rotate_escrot "$env-direct" 1 >/dev/null   # warm-up: both users of each pair rotated once
    undelayed="$(rotate_escrot "$env-direct" 1)"
    results=()
    for c in "${CONCURRENCIES[@]}"; do
        results+=("$(rotate_escrot "$env" "$c")")
    done
    read -r seq seq_err < <("$PY" "$WORK/baseline.py" "$kind" "$proxy" "$N" 1 0)
    read -r par par_err < <("$PY" "$WORK/baseline.py" "$kind" "$proxy" "$N" 8 0)
    read -r reuse reuse_err < <("$PY" "$WORK/baseline.py" "$kind" "$proxy" "$N" 8 1)
    "$PY" - "$name" "$N" "$DELAY" "$undelayed" "$seq" "$par" "$reuse" "$((seq_err + par_err + reuse_err))" \
        "${CONCURRENCIES[*]}" "${results[@]}" <<'PY'
import sys
name, n, delay = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]) / 1000
undelayed, seq, par, reuse = map(float, sys.argv[4:8])
errors, concurrencies = int(sys.argv[8]), [int(c) for c in sys.argv[9].split()]
walls = [float(w) for w in sys.argv[10:]]
rt = (walls[0] - undelayed) / (n * delay)
print(f"{name}: {n} rotators, {delay * 1000:.0f} ms per round trip; escrot without the delay at concurrency 1: {undelayed:.2f} s")
print(f"  round trips per rotation (measured at concurrency 1): {rt:.1f}")
print(f"  {'':28} {'wall s':>8} {'vs baseline x8':>15} {'vs limit':>9}")
for c, w in zip(concurrencies, walls):
    limit = rt * n * delay / c
    print(f"  escrot --concurrency {c:<7} {w:8.2f} {par / w:14.2f}x {w / limit:8.2f}x")
print(f"  baseline sequential          {seq:8.2f}")
print(f"  baseline 8 threads           {par:8.2f}")
print(f"  baseline 8 threads, reuse    {reuse:8.2f} {par / reuse:14.2f}x")
if errors:
    print(f"  baseline errors: {errors}")
PY
done
