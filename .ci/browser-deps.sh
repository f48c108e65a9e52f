#!/usr/bin/env bash
# Headless Chromium and its driver from Debian packages, for the public-page browser test. Idempotent: does
# nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there. Never downloads a browser build.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  echo "browser deps: chromium and chromedriver already installed"
  exit 0
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
/usr/bin/chromium --version
