#!/usr/bin/env bash
# Creates .venv with the pinned dependencies if it is missing or pyproject.toml changed.
# Sourced by scripts/run.sh and scripts/test.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
STAMP="$VENV/.probation-kg-installed"
WANT="$(sha256sum "$ROOT/pyproject.toml" | cut -d' ' -f1)"

find_python() {
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; raise SystemExit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "probation-kg needs Python 3.11 (python3.11 on PATH)" >&2
  return 1
}

if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$WANT" ]; then
  PYTHON="$(find_python)"
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  # torch first, pinned: any other torch requirement pulls a multi-GB CUDA build.
  "$VENV/bin/python" -m pip install --quiet "torch==2.13.0"
  "$VENV/bin/python" -m pip install --quiet -e "$ROOT[test]"
  echo "$WANT" > "$STAMP"
fi

export HF_HUB_OFFLINE=1
export TRANSFORMERS_OFFLINE=1
export PATH="$VENV/bin:$PATH"
