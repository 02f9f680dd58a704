#!/usr/bin/env bash
# System packages, installed with apt only when one is missing (Debian/Ubuntu; needs root or sudo).
# Without arguments: the libraries the PDF engine (WeasyPrint) loads and the fonts the brief is
# set in (DejaVu; Noto for the Arabic-script, CJK and other letters DejaVu lacks), and what pip
# needs to build pyicu (followthemoney's normality: ICU's headers, pkg-config, a C++ compiler). With
# arguments: those packages instead (scripts/install-test-deps.sh passes Chromium).
set -euo pipefail
if [ $# -gt 0 ]; then
  pkgs=("$@")
else
  pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core
        fonts-noto-core fonts-noto-cjk libicu-dev pkg-config g++)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing system packages: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
# matplotlib lists the fonts once and keeps the list: one made before these fonts were installed
# would not know them (it is rebuilt on next use).
rm -f "${MPLCONFIGDIR:-${XDG_CACHE_HOME:-$HOME/.cache}/matplotlib}"/fontlist-v*.json
