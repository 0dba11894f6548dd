#!/usr/bin/env bash
# Installs redis-server (BullMQ's job store) with apt-get when it is missing, as root or
# via sudo; prints nothing when it is already there. Optional: `npm start` and `npm test`
# install it themselves when they run as root on Debian/Ubuntu. This script is for a
# machine where they do not (a non-root user with sudo), run once as `npm run ci:system-deps`.
set -euo pipefail

# True when the program is on PATH (or in /usr/sbin, /usr/bin) and executable.
have() {
  local found
  found=$(PATH="$PATH:/usr/sbin:/usr/bin" command -v "$1" 2>/dev/null) && [ -x "$found" ]
}

have redis-server && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: redis-server is missing and apt-get is not available; install it with your package manager or set REDIS_URL" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "ensure-redis: redis-server is missing; run as root (or install sudo) to install it with apt-get, or set REDIS_URL" >&2
    exit 1
  fi
fi

echo "ensure-redis: installing redis-server…"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends redis-server >/dev/null
echo "ensure-redis: done"
