#!/usr/bin/env bash
# Make sure Debian's Chromium (and a CJK font for zh-TW charts) is installed.
# Installs with apt when run as root; otherwise says what to run. The browser tests
# skip without Chromium unless REQUIRE_BROWSER=1 (CI sets it), when they fail instead.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} with apt-get"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "note: ${need[*]} missing; install with: sudo apt-get install -y ${need[*]}" >&2
fi
