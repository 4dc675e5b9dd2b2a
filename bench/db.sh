#!/usr/bin/env bash
# Builds the database rotation benchmark with optimizations and runs it: 100 user
# rotations per database (PostgreSQL, MariaDB) and mode (direct, connector). Needs the
# postgresql and mariadb-server packages (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench -p escrot --bench db
