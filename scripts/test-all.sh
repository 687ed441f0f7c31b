#!/usr/bin/env bash
# Runs every test: install, build, strict type-check, lint + format check, unit and generator tests,
# then the Python end-to-end harness (generated projects installed from PyPI and checked).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
step "build"
npm run --silent build
step "type-check (strict)"
npm run --silent typecheck
step "lint and format check"
npx eslint .
npx prettier --check .
step "unit, generator and CLI tests"
npx vitest run
if [ "${SKIP_E2E:-}" = "1" ]; then
  if [ "${CI:-}" = "true" ]; then echo "SKIP_E2E is not allowed in CI" >&2; exit 1; fi
  echo "SKIPPED: Python end-to-end tests (SKIP_E2E=1)"
  exit 0
fi
step "Python end-to-end tests"
node scripts/e2e.js
