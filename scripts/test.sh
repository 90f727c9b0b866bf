#!/usr/bin/env bash
# Runs the whole test suite, setting up the environment first if needed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# The end-to-end browser test drives Debian's Chromium; install it where we may (root with apt-get).
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get install -y -q chromium >/dev/null 2>&1 || echo "chromium could not be installed: the browser test will be skipped" >&2
fi
exec python -m pytest "$@"
