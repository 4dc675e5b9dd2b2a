#!/usr/bin/env bash
# Builds escrot and the external rotator benchmark with optimizations (cargo's `bench`
# profile) and runs it: N fn::rotate::external rotators (100) in one environment against a
# local HTTPS adapter (a test CA; escrot-testkit's) answering after D ms (50), one
# `escrot rotate` at --concurrency 1, 8, 16 and 32: wall time against the latency limit
# N × D ÷ concurrency (target at 16: ≤ 1.5×). Needs openssl (the test CA).
#   bash bench/external.sh [N] [--delay-ms D]
set -euo pipefail
cd "$(dirname "$0")/.."
n=100
delay=50
while [ $# -gt 0 ]; do
  case "$1" in
    --delay-ms) delay="$2"; shift 2 ;;
    *) n="$1"; shift ;;
  esac
done
exec cargo bench -p escrot --bench external -- --n "$n" --delay-ms "$delay"
