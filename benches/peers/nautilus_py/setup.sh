#!/usr/bin/env bash
# Creates benches/peers/.venv and installs NautilusTrader into it. Idempotent: a venv that already
# imports nautilus_trader is left as is. Exit code 0 = ready, non-zero = cannot install (offline, no
# wheel for this Python); the runner turns that into a "skipped" line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${here}/../.venv"
python="${PYTHON:-python3}"

if [ -x "${venv}/bin/python" ] && "${venv}/bin/python" -c 'import nautilus_trader' 2>/dev/null; then
  exit 0
fi

"${python}" -m venv "${venv}"
# No version pin: pip picks the newest release that has a wheel for this interpreter.
"${venv}/bin/python" -m pip install --quiet --disable-pip-version-check --timeout 20 --retries 1 --only-binary=:all: nautilus_trader
"${venv}/bin/python" -c 'import nautilus_trader; print(nautilus_trader.__version__)'
