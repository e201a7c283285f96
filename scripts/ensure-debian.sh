#!/usr/bin/env bash
# Make sure the Debian packages named on the command line are installed (chromium and fonts-noto-cjk
# for the browser tests and PNG exports; nginx and postgresql for `make cluster` and the store tests).
# Installs with apt when run as root; otherwise says what to run. The tests that need a package skip
# without it unless REQUIRE_BROWSER=1 or CI=true, when they fail instead.
set -euo pipefail

have() {
  case "$1" in
    chromium) [ -x /usr/bin/chromium ] ;;
    fonts-noto-cjk) fc-list 2>/dev/null | grep -qi "Noto Sans CJK" ;;
    nginx) [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null ;;
    postgresql) compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null ;;
    *) dpkg -s "$1" >/dev/null 2>&1 ;;
  esac
}

need=()
for pkg in "$@"; do have "$pkg" || need+=("$pkg"); done
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} with apt-get"
  apt-get update -qq >/dev/null
  # On a machine with systemd, nginx and postgresql also start their own services (:80, :5432);
  # the project uses neither and starts its own servers under its own state directories.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "note: ${need[*]} missing; install with: sudo apt-get install -y ${need[*]}" >&2
fi
