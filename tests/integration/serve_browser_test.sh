#!/usr/bin/env bash
# The explorer page in headless Chromium driven by Selenium (serve_browser_check.py): edit a
# value, a bad one refused with the command line's message, a comparison whose shown differences
# equal `pathways compare`, the TOML files downloaded and rerun on the command line to the same
# result. Skipped (exit 77) only when chromium-driver is not installed.
set -euo pipefail
bin="$1"; root="$2"
if [ ! -x /usr/bin/chromedriver ]; then
    echo "serve_browser_test: skipped: chromium-driver is not installed (Debian package chromium-driver, in PATHWAYS_PACKAGES of scripts/common.sh)" >&2
    exit 77
fi
/usr/bin/python3 -c 'import selenium' 2>/dev/null || {
    echo "serve_browser_test: /usr/bin/python3 lacks selenium: apt-get install python3-selenium (in PATHWAYS_PACKAGES of scripts/common.sh)" >&2
    exit 1
}
exec /usr/bin/python3 "$root/tests/integration/serve_browser_check.py" "$bin" "$root"
