#!/usr/bin/env bash
# Throughput under cloud latency, in one command: escrot's aws-iam rotation against moto
# (bench/latency_aws.sh) and its postgres/mysql rotations against PostgreSQL and MariaDB
# (bench/latency_db.sh), each behind bench/delay_proxy.py, at --concurrency 1 to 32,
# against a Python baseline with each service's usual client (boto3, psycopg, PyMySQL),
# sequential and with 8 threads.
#
#   bench/latency.sh [N] [--delay-ms D]     N rotators per service (30), D ms per request (50)
#
# Each script builds the release binary once (or uses ESCROT_BIN) and prints its table:
# wall times, the speed-up over the 8-thread baseline and the ratio to the latency limit.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
echo "== AWS IAM (moto)"
bash bench/latency_aws.sh "$@"
echo
echo "== PostgreSQL and MariaDB"
bash bench/latency_db.sh "$@"
