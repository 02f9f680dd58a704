#!/usr/bin/env bash
# What the tests need beyond the render path: headless Chromium, for the test that loads the brief
# under its Content-Security-Policy (tests/test_injection.py, benchmarks/csp_check.py).
# Installed with apt only when missing (Debian/Ubuntu; needs root or sudo); `make test` runs it.
set -euo pipefail
pkgs=(chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing test packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
