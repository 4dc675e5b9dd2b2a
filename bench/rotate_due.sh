#!/usr/bin/env bash
# Builds escrot and the `rotate --due` benchmark with optimizations (cargo's `bench`
# profile) and runs it: 200 due environments (password rotators) rotated by one
# `escrot rotate --due` (its default concurrency 8, then 1 and 4) and by 200 separate `escrot rotate NAME`
# processes, on SQLite and on PostgreSQL (needs the postgresql package; .ci/run installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p escrot --bench rotate_due
