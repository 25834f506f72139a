#!/usr/bin/env bash
# One-time set-up for the tests on a fresh Debian machine: npm packages from the lockfile, and Debian's
# chromium for the browser tests (installed only when missing; needs root, as on CI).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Debian's chromium for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

echo "setup: npm ci"
npm ci --no-audit --no-fund
