#!/usr/bin/env bash
# Quick start: generate a project from an example spec and bring it up on SQLite.
#   npm run quickstart [-- <spec> [dir]]
set -euo pipefail
cd "$(dirname "$0")/.."
spec="${1:-examples/todo-api-engineer.md}"
dir="${2:-quickstart-todo-api}"
[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent build
rm -rf "$dir"
node bin/fastapi-agent.js new "$spec" "$dir" --defaults
cd "$dir"
if [ -f alembic.ini ]; then .venv/bin/alembic upgrade head; fi
echo "Starting the API on http://127.0.0.1:8000 (docs: /docs). Ctrl-C to stop."
exec .venv/bin/fastapi dev --host 127.0.0.1 --port "${PORT:-8000}"
