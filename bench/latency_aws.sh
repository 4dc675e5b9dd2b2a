#!/usr/bin/env bash
# escrot's aws-iam rotation under cloud latency, against a short boto3 program doing the
# same calls, in one run. moto (in authentication mode: signatures and policies checked)
# sits behind bench/delay_proxy.py, which delays every request by D ms, as a cloud's round
# trip would.
#
#   bench/latency_aws.sh [N] [--delay-ms D] [--repeat R] [--concurrency "1 4 8 16 32"]
#
# N rotators in one environment (default 30), D ms per request (default 50). escrot runs at
# each --concurrency; the baseline program rotates N other users the same way, sequentially
# and with 8 threads. Each run is repeated R times (default 1; the machine may be shared)
# and its best wall time is shown, with its speed-up over the 8-thread baseline's best (the
# baseline's time divided by it: above 1 is faster) and its ratio to the latency limit of
# 8-way concurrency: 5 calls × D × N ÷ 8 (a
# rotation's calls in the steady state: list the keys, delete the previous key, create a
# key, verify it with sts:GetCallerIdentity, tag the user; each waits for the one before).
#
# escrot is built with `cargo build --release` unless ESCROT_BIN names a binary. With
# ESCROT_BENCH_TRACE=FILE, escrot runs with -v and its log (each AWS call, journal write and
# step, with durations) goes to FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
N=30 DELAY=50 REPEAT=1 LEVELS="1 4 8 16 32"
while [ $# -gt 0 ]; do
    case "$1" in
        --delay-ms) DELAY="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --concurrency) LEVELS="$2"; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) N="$1"; shift ;;
    esac
done

bash scripts/moto.sh install >/dev/null
VENV="${ESCROT_VENV:-$HOME/.cache/escrot/moto-venv}"
PY="$VENV/bin/python"
if [ -z "${ESCROT_BIN:-}" ]; then
    cargo build --quiet --release -p escrot
    ESCROT_BIN="${CARGO_TARGET_DIR:-target}/release/escrot"
fi

WORK="$(mktemp -d)"
free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MOTO_PORT="$(free_port)"
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
"$PY" bench/delay_proxy.py --to "127.0.0.1:$MOTO_PORT" --delay-ms "$DELAY" --port-file "$WORK/proxy.port" \
    >/dev/null 2>"$WORK/proxy.log" &
PROXY_PID=$!
trap 'kill $MOTO_PID $PROXY_PID 2>/dev/null; rm -rf "$WORK"' EXIT
MOTO="http://127.0.0.1:$MOTO_PORT"
for _ in $(seq 1 100); do curl -sf -X POST "$MOTO/moto-api/reset" >/dev/null && [ -s "$WORK/proxy.port" ] && break; sleep 0.1; done
PROXIED="http://127.0.0.1:$(cat "$WORK/proxy.port")"

export AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true

# Setup, straight to moto (not delayed, not timed): an admin allowed everything, N users
# for escrot and N for the baseline, each with two keys (the steady state: current and
# previous); escrot's environment, and the baseline's state holding the same.
"$PY" - "$N" "$MOTO" "$WORK" <<'PY'
import json, sys, boto3
n, endpoint, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x")
iam.create_user(UserName="admin")
iam.put_user_policy(UserName="admin", PolicyName="all", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
admin = iam.create_access_key(UserName="admin")["AccessKey"]
lines = ["values:", "  admin:", "    fn::open::aws-login:", "      static:",
         f"        accessKeyId: {admin['AccessKeyId']}", "        secretAccessKey:",
         f"          fn::secret: {admin['SecretAccessKey']}"]
baseline = {"admin": [admin["AccessKeyId"], admin["SecretAccessKey"]], "users": {}}
for i in range(n):
    user, twin = f"user{i:03}", f"py{i:03}"
    for name in (user, twin):
        iam.create_user(UserName=name)
    tprev, tcur = (iam.create_access_key(UserName=twin)["AccessKey"] for _ in range(2))
    baseline["users"][twin] = {"current": tcur["AccessKeyId"], "previous": tprev["AccessKeyId"]}
    prev, cur = (iam.create_access_key(UserName=user)["AccessKey"] for _ in range(2))
    lines += [f"  {user}:", "    fn::rotate::aws-iam:", "      inputs:", "        login: ${admin}",
              f"        userArn: arn:aws:iam::123456789012:user/{user}", "      state:"]
    for role, k in (("current", cur), ("previous", prev)):
        lines += [f"        {role}:", f"          accessKeyId: {k['AccessKeyId']}", "          secretAccessKey:",
                  f"            fn::secret: {k['SecretAccessKey']}"]
open(f"{work}/iam.yaml", "w").write("\n".join(lines) + "\n")
json.dump(baseline, open(f"{work}/baseline.json", "w"))
PY
curl -sf -X POST -H 'Content-Type: text/plain' --data-binary 0 "$MOTO/moto-api/reset-auth" >/dev/null

# The baseline: what a short script does, with boto3 (one IAM client for all threads; a
# client per new key, which is what verifying it takes).
cat >"$WORK/baseline.py" <<'PY'
import json, sys, threading, time, datetime
from concurrent.futures import ThreadPoolExecutor
import boto3
from botocore.exceptions import ClientError
endpoint, state_file, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
state = json.load(open(state_file))
admin_id, admin_secret = state["admin"]
session = boto3.session.Session(aws_access_key_id=admin_id, aws_secret_access_key=admin_secret, region_name="us-east-1")
iam = session.client("iam", endpoint_url=endpoint)
me = session.client("sts", endpoint_url=endpoint).get_caller_identity()  # the login works, and in which account
local = threading.local()
NOT_YET = {"InvalidClientTokenId", "SignatureDoesNotMatch", "AuthFailure", "AccessDenied"}

def rotate(user):
    keys = state["users"][user]
    listed = [k["AccessKeyId"] for k in iam.list_access_keys(UserName=user)["AccessKeyMetadata"]]
    if len(listed) >= 2:
        iam.delete_access_key(UserName=user, AccessKeyId=keys["previous"])
    new = iam.create_access_key(UserName=user)["AccessKey"]
    if not hasattr(local, "session"):  # sessions are not thread-safe; one per thread
        local.session = boto3.session.Session(region_name="us-east-1")
    sts = local.session.client("sts", endpoint_url=endpoint, aws_access_key_id=new["AccessKeyId"],
                               aws_secret_access_key=new["SecretAccessKey"])
    for delay in (0, 0.2, 0.4, 0.8, 1.6, 3.2):
        time.sleep(delay)
        try:
            if sts.get_caller_identity()["Arn"].endswith(f":user/{user}"):
                break
        except ClientError as e:
            if e.response["Error"]["Code"] not in NOT_YET:
                raise
    else:
        raise RuntimeError(f"the new key of {user} does not work")
    iam.tag_user(UserName=user, Tags=[{"Key": "escrot:rotated-at", "Value": datetime.datetime.now(
        datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}])
    keys["previous"], keys["current"] = keys["current"], new["AccessKeyId"]

with ThreadPoolExecutor(threads) as pool:
    list(pool.map(rotate, state["users"]))
json.dump(state, open(state_file, "w"))
PY

now() { date +%s.%N; }
TRACE="${ESCROT_BENCH_TRACE:-}"
STORE="sqlite:$WORK/escrot.db"
"$ESCROT_BIN" --store "$STORE" init bench/latency -f "$WORK/iam.yaml" >/dev/null
: >"$WORK/times.tsv"
run_escrot() {
    local c="$1" t0 t1
    t0="$(now)"
    AWS_ENDPOINT_URL="$PROXIED" "$ESCROT_BIN" --store "$STORE" ${TRACE:+-v} rotate bench/latency --concurrency "$c" \
        --output json >"$WORK/escrot.json" 2>>"${TRACE:-/dev/stderr}"
    t1="$(now)"
    "$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["rotations"]; bad=[x for x in r if x["result"]!="succeeded"]
n=int(sys.argv[2]); sys.exit(f"escrot: {len(bad)} of {len(r)} rotations did not succeed: {bad[:1]}" if bad or len(r)!=n else 0)' \
        "$WORK/escrot.json" "$N"
    printf 'escrot --concurrency %s\t%s\t%s\n' "$c" "$t0" "$t1" >>"$WORK/times.tsv"
}
run_baseline() {
    local threads="$1" label="$2" t0 t1
    t0="$(now)"
    "$PY" "$WORK/baseline.py" "$PROXIED" "$WORK/baseline.json" "$threads"
    t1="$(now)"
    printf '%s\t%s\t%s\n' "$label" "$t0" "$t1" >>"$WORK/times.tsv"
}
for _ in $(seq 1 "$REPEAT"); do
    for c in $LEVELS; do run_escrot "$c"; done
    run_baseline 1 "boto3 sequential"
    run_baseline 8 "boto3 8 threads"
done

"$PY" - "$N" "$DELAY" "$REPEAT" "$WORK/times.tsv" <<'PY'
import sys
n, delay, repeat = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
best = {}
for line in open(sys.argv[4]):
    label, t0, t1 = line.rstrip("\n").split("\t")
    best[label] = min(best.get(label, float("inf")), float(t1) - float(t0))
limit = 5 * delay / 1000 * n / 8
baseline = best["boto3 8 threads"]
print(f"{n} aws-iam rotations, {delay:g} ms per request, best of {repeat}; latency limit at 8-way: {limit:.2f} s")
print(f"{'run':<24}{'wall s':>8}{'speed-up vs boto3 8 threads':>29}{'x latency limit':>17}")
for label, secs in best.items():
    ratio = f"{secs / limit:.2f}" if limit else "-"
    print(f"{label:<24}{secs:>8.2f}{baseline / secs:>29.2f}{ratio:>17}")
PY
