#!/usr/bin/env bash
# scripts/validate-fixes.py (see there); this name is what scripts/results.sh runs.
exec python3 "$(dirname "$0")/validate-fixes.py" "$@"
