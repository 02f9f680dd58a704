#!/usr/bin/env bash
# What the tests need beyond the render path: headless Chromium, for the test that loads the brief
# under its Content-Security-Policy (tests/test_injection.py, benchmarks/csp_check.py).
# `make test` runs it; the install itself is install-system-deps.sh's.
set -euo pipefail
exec bash "$(dirname "$0")/install-system-deps.sh" chromium
