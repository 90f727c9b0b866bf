#!/usr/bin/env bash
# Runs the whole test suite, setting up the environment first if needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
exec python -m pytest "$@"
