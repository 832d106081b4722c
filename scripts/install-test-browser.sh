#!/usr/bin/env bash
# Debian's Chromium for the report test (headless), and a small Chinese font so that the
# report's screenshot shows its Chinese names. Idempotent; needs root or sudo.
set -euo pipefail
packages=()
command -v chromium > /dev/null || packages+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || packages+=(fonts-wqy-microhei)
if [ ${#packages[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    as_root=()
elif command -v sudo > /dev/null; then
    as_root=(sudo)
else
    echo "install-test-browser: neither root nor sudo is available;" \
        "install Debian's packages ${packages[*]} to run tests/test_audit.py" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends "${packages[@]}"
