#!/usr/bin/env bash
# Command (a): set up, build the store from data/ when it is missing or older than its sources,
# and serve the app on http://localhost:8501.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m core build --if-stale
echo "Tellen & Vertellen draait op http://localhost:8501 (stoppen: Ctrl+C)"
exec .venv/bin/python -m core serve --server.port 8501 --server.address localhost
