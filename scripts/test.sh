#!/usr/bin/env bash
# Command (b): set up and run every test, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# Debian packages the tests use: chromium (browser tests), poppler-utils (PDF pages as PNG).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftoppm ]; then
  echo "Debian-pakketten chromium en poppler-utils installeren (nodig voor de tests) …"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils fonts-dejavu-core >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
