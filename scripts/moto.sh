#!/usr/bin/env bash
# A local AWS (moto) for escrot's AWS tests and benchmark.
#
#   scripts/moto.sh install       create the virtualenv with moto[server] and awscli
#   scripts/moto.sh start [PORT]  run moto on 127.0.0.1:PORT (default 5000) in the foreground
#   scripts/moto.sh path          print the moto_server path (for ESCROT_MOTO_SERVER)
#
# The virtualenv lives in $ESCROT_VENV (default ~/.cache/escrot/moto-venv), where the tests
# look for it. Point escrot at a running moto with AWS_ENDPOINT_URL=http://127.0.0.1:PORT.
set -euo pipefail

VENV="${ESCROT_VENV:-$HOME/.cache/escrot/moto-venv}"
# Versions the tests were written against (moto's facts in tests/support/moto.rs).
REQUIREMENTS=("moto[server]==5.2.5" "awscli==1.46.3")

install() {
    if [ -x "$VENV/bin/moto_server" ] && [ -x "$VENV/bin/aws" ]; then
        echo "moto is installed in $VENV"
        return
    fi
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        echo "python3-venv is missing; installing it" >&2
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    fi
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "${REQUIREMENTS[@]}"
    echo "moto installed in $VENV"
}

case "${1:-}" in
    install) install ;;
    start)
        install >/dev/null
        exec "$VENV/bin/moto_server" -H 127.0.0.1 -p "${2:-5000}"
        ;;
    path) echo "$VENV/bin/moto_server" ;;
    *)
        sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
