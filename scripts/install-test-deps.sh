#!/usr/bin/env bash
# What the tests need beyond the render path: headless Chromium, for the test that loads the brief
# under its Content-Security-Policy (tests/test_injection.py, benchmarks/csp_check.py), and
# TimelineJS from the npm registry, the reader of `brief export --to timelinejs`
# (tests/test_export.py loads the export in it, in Chromium), into build/npm/ (not committed).
# poppler's pdftoppm, for the test that turns the 1,000-document brief's pages into images at
# 100 dpi (tests/test_large_brief.py). `make test` runs it; the install itself is
# install-system-deps.sh's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
TIMELINEJS_VERSION=3.9.11
npm_dir="$here/../build/npm"
if ! grep -qs "\"version\": \"$TIMELINEJS_VERSION\"" \
    "$npm_dir/node_modules/@knight-lab/timelinejs/package.json"; then
    npm install --prefix "$npm_dir" --no-save --no-package-lock --no-audit --no-fund \
        "@knight-lab/timelinejs@$TIMELINEJS_VERSION"
fi
exec bash "$here/install-system-deps.sh" chromium poppler-utils
