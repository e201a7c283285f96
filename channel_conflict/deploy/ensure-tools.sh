#!/usr/bin/env bash
# Make sure Debian's nginx and PostgreSQL are installed for `make cluster` and its test.
# Installs with apt when run as root (like scripts/ensure-chromium.sh); otherwise says what to run.
set -euo pipefail
need=()
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null || need+=(nginx)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null || need+=(postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]} with apt-get"
  apt-get update -qq >/dev/null
  # On a machine with systemd the packages also start their own services (nginx on :80, PostgreSQL's
  # main cluster on :5432); the cluster uses neither and starts its own under its state directory.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "note: ${need[*]} missing; install with: sudo apt-get install -y ${need[*]}" >&2
fi
