#!/usr/bin/env bash
# Makes sure the system programs the tests rely on are installed (used by CI):
#   redis-server   BullMQ's job store, started by the test harness
#   pdftotext      (poppler-utils) reads the generated certificate PDFs
#   zbarimg        (zbar-tools) decodes the QR codes on them
# Installs whatever is missing with apt-get (Debian/Ubuntu, as root or via
# sudo); prints nothing when everything is already there.
set -euo pipefail

# True when the program is on PATH (or in /usr/sbin, /usr/bin) and executable.
have() {
  local found
  found=$(PATH="$PATH:/usr/sbin:/usr/bin" command -v "$1" 2>/dev/null) && [ -x "$found" ]
}

missing=()
have redis-server || missing+=(redis-server)
have pdftotext || missing+=(poppler-utils)
have zbarimg || missing+=(zbar-tools)

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: missing ${missing[*]}, and apt-get is not available; install them with your package manager" >&2
  exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "ensure-redis: missing ${missing[*]}; run as root (or install sudo) to install them with apt-get" >&2
    exit 1
  fi
fi

echo "ensure-redis: installing ${missing[*]}…"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "ensure-redis: done"
