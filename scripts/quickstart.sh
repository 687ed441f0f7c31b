#!/usr/bin/env bash
# Quick start: generate a project from an example spec and bring it up on SQLite.
#   npm run quickstart [-- <spec> [dir]]
# Installs the npm packages if needed and builds; scripts/quickstart.js does the rest and never
# removes anything (an existing folder is re-used if this tool generated it, refused otherwise).
set -euo pipefail
# Paths are the user's: relative to where they typed the command (npm's INIT_CWD), not this repo.
export QUICKSTART_CWD="${INIT_CWD:-$PWD}"
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
exec node scripts/quickstart.js "$@"
