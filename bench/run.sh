#!/usr/bin/env bash
# Builds the core benchmark with optimizations (cargo's `bench` profile, i.e. release) and
# runs it. Arguments go to the program: --iterations N, --delay-ms N, --values N.
# The corpus is $ESC_CONFORMANCE_DIR, else ../shared/esc-conformance.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p escrot-esc --bench eval -- "$@"
