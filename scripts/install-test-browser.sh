#!/usr/bin/env bash
# Debian's Chromium for the report test (headless). Idempotent; needs root or sudo.
set -euo pipefail
if command -v chromium > /dev/null; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo > /dev/null; then
    as_root=(sudo)
else
    echo "install-test-browser: chromium is missing and neither root nor sudo is available;" \
        "install Debian's package 'chromium' to run tests/test_report.py" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium
