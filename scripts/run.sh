#!/usr/bin/env bash
# The main job: set up the environment if needed, ingest data/reports/, start the app on localhost.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
probation-kg ingest
exec probation-kg serve --port "${PORT:-8501}"
