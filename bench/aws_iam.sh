#!/usr/bin/env bash
# escrot rotating the access keys of N IAM users versus a shell script doing the same
# rotation with the aws CLI, against one local moto, in one run. Prints the wall times,
# their ratio, and the AWS calls per rotation (counted by moto's request recorder).
#
#   bench/aws_iam.sh [N]          N users (default 50)
#
# Each user starts with two keys recorded as current and previous (the steady state), and
# each rotation does what escrot does: list the keys, delete the previous one, create a
# key, verify it with sts:GetCallerIdentity, tag the user. escrot is the debug build unless
# ESCROT_BIN names another (`cargo build --release` and ESCROT_BIN=target/release/escrot).
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-50}"

bash scripts/moto.sh install >/dev/null
VENV="${ESCROT_VENV:-$HOME/.cache/escrot/moto-venv}"
PY="$VENV/bin/python"
AWS="$VENV/bin/aws"
if [ -z "${ESCROT_BIN:-}" ]; then
    cargo build --quiet
    ESCROT_BIN="${CARGO_TARGET_DIR:-target}/debug/escrot"
fi

WORK="$(mktemp -d)"
PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
MOTO_RECORDER_FILEPATH="$WORK/recording.jsonl" "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
trap 'kill $MOTO_PID 2>/dev/null; rm -rf "$WORK"' EXIT
ENDPOINT="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -sf -X POST "$ENDPOINT/moto-api/reset" >/dev/null && break; sleep 0.1; done

export AWS_ENDPOINT_URL="$ENDPOINT" AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_EC2_METADATA_DISABLED=true
moto_api() { curl -sf -X POST -H 'Content-Type: text/plain' --data-binary "${2:-}" "$ENDPOINT/moto-api/$1" >/dev/null; }

# Setup (not timed): an admin, 2N users with two keys each (N for each contestant); the escrot environment and the
# shell script's state file, both holding each user's current and previous key.
"$PY" - "$N" "$ENDPOINT" "$WORK" <<'PY'
import json, sys, boto3
n, endpoint, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x")
iam.create_user(UserName="admin")
iam.put_user_policy(UserName="admin", PolicyName="all", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
admin = iam.create_access_key(UserName="admin")["AccessKey"]
lines = ["values:",
         "  admin:",
         "    fn::open::aws-login:",
         "      static:",
         f"        accessKeyId: {admin['AccessKeyId']}",
         "        secretAccessKey:",
         f"          fn::secret: {admin['SecretAccessKey']}"]
state = {}
for i in range(n):
    # The same users twice over: user* for escrot, cli* for the aws CLI.
    user, twin = f"user{i:03}", f"cli{i:03}"
    iam.create_user(UserName=twin)
    tprev, tcur = (iam.create_access_key(UserName=twin)["AccessKey"] for _ in range(2))
    state[twin] = {"current": tcur["AccessKeyId"], "previous": tprev["AccessKeyId"]}
    iam.create_user(UserName=user)
    prev, cur = (iam.create_access_key(UserName=user)["AccessKey"] for _ in range(2))
    lines += [f"  {user}:",
              "    fn::rotate::aws-iam:",
              "      inputs:",
              "        login: ${admin}",
              f"        userArn: arn:aws:iam::123456789012:user/{user}",
              "      state:"]
    for role, k in (("current", cur), ("previous", prev)):
        lines += [f"        {role}:",
                  f"          accessKeyId: {k['AccessKeyId']}",
                  "          secretAccessKey:",
                  f"            fn::secret: {k['SecretAccessKey']}"]
open(f"{work}/iam.yaml", "w").write("\n".join(lines) + "\n")
open(f"{work}/admin.env", "w").write(
    f"export AWS_ACCESS_KEY_ID={admin['AccessKeyId']} AWS_SECRET_ACCESS_KEY={admin['SecretAccessKey']}\n")
with open(f"{work}/state.tsv", "w") as f:
    for user, s in state.items():
        f.write(f"{user}\t{s['current']}\t{s['previous']}\n")
PY
moto_api reset-auth 0   # from now on, moto checks signatures and policies

count_calls() {
    curl -sf "$ENDPOINT/moto-api/recorder/download-recording" | "$PY" -c '
import sys, json, base64, collections
c = collections.Counter()
for line in sys.stdin:
    e = json.loads(line); b = e.get("body") or ""
    if e.get("body_encoded"): b = base64.b64decode(b).decode()
    for kv in b.split("&"):
        if kv.startswith("Action="): c[kv[7:]] += 1
total = sum(c.values())
print(total, " ".join(f"{k}={v}" for k, v in sorted(c.items())))'
}
now() { date +%s.%N; }

# --- escrot -------------------------------------------------------------------------------
STORE="sqlite:$WORK/escrot.db"
"$ESCROT_BIN" --store "$STORE" init bench/iam -f "$WORK/iam.yaml" >/dev/null
moto_api recorder/reset-recording; moto_api recorder/start-recording
t0="$(now)"
"$ESCROT_BIN" --store "$STORE" rotate bench/iam --output json >"$WORK/escrot.json"
t1="$(now)"
moto_api recorder/stop-recording
ESCROT_CALLS="$(count_calls)"
OK="$("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1]))["rotations"]; print(sum(x["result"]=="succeeded" for x in r))' "$WORK/escrot.json")"

# --- the aws CLI ----------------------------------------------------------------------------
# shellcheck disable=SC1091
source "$WORK/admin.env"
moto_api recorder/reset-recording; moto_api recorder/start-recording
t2="$(now)"
while IFS=$'\t' read -r user current previous; do
    keys="$("$AWS" iam list-access-keys --user-name "$user" --query 'AccessKeyMetadata[].AccessKeyId' --output text)"
    if [ "$(wc -w <<<"$keys")" -ge 2 ]; then
        "$AWS" iam delete-access-key --user-name "$user" --access-key-id "$previous"
    fi
    read -r id secret < <("$AWS" iam create-access-key --user-name "$user" \
        --query 'AccessKey.[AccessKeyId,SecretAccessKey]' --output text)
    for delay in 0 0.2 0.4 0.8 1.6 3.2; do
        sleep "$delay"
        AWS_ACCESS_KEY_ID="$id" AWS_SECRET_ACCESS_KEY="$secret" "$AWS" sts get-caller-identity >/dev/null 2>&1 && break
    done
    "$AWS" iam tag-user --user-name "$user" --tags "Key=escrot:rotated-at,Value=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
    printf '%s\t%s\t%s\n' "$user" "$id" "$current" >>"$WORK/state.next.tsv"
done <"$WORK/state.tsv"
t3="$(now)"
moto_api recorder/stop-recording
CLI_CALLS="$(count_calls)"

"$PY" - "$N" "$OK" "$t0" "$t1" "$t2" "$t3" "$ESCROT_CALLS" "$CLI_CALLS" <<'PY'
import sys
n, ok = int(sys.argv[1]), int(sys.argv[2])
t0, t1, t2, t3 = map(float, sys.argv[3:7])
e_calls, c_calls = sys.argv[7].split(" ", 1), sys.argv[8].split(" ", 1)
escrot, cli = t1 - t0, t3 - t2
print(f"users rotated: {n} (escrot: {ok} succeeded)")
print(f"escrot:  {escrot:7.2f} s   {escrot / n * 1000:7.1f} ms/rotation   AWS calls/rotation {int(e_calls[0]) / n:.2f}  ({e_calls[1]})")
print(f"aws CLI: {cli:7.2f} s   {cli / n * 1000:7.1f} ms/rotation   AWS calls/rotation {int(c_calls[0]) / n:.2f}  ({c_calls[1]})")
print(f"escrot is {cli / escrot:.1f}x faster")
PY
