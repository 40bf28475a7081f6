#!/usr/bin/env bash
# Create the local virtual environment .venv and install requirements.txt into it (only when it changed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "Virtuele omgeving .venv aanmaken …"
  "$PYTHON" -m venv .venv
fi
# The Dutch word list (OpenTaal, Debian package wdutch): search splits compounds with it
# (core/vertellen/samenstellingen.py).
if [ ! -f /usr/share/dict/dutch ]; then
  echo "Debian-pakket wdutch installeren (Nederlandse woordenlijst voor het zoeken) …"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wdutch >/dev/null
fi
stamp=".venv/.requirements.sha256"
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Pakketten installeren uit requirements.txt …"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  # deduce (the personal data check on story import) builds its lookup cache on first use (~1 minute):
  # once here, so that neither the app nor the tests pay for it at a bad moment.
  echo "Controle op persoonsgegevens voorbereiden (deduce) …"
  .venv/bin/python -c "from core.ingest import persoonsgegevens; persoonsgegevens.laad()"
  echo "$want" > "$stamp"
fi
