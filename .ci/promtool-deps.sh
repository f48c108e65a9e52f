#!/usr/bin/env bash
# promtool from Debian's `prometheus` package, for the SLO rule checks (tests/ops). Idempotent: does nothing when
# promtool is on the PATH. Only the binary is wanted: a prometheus service the package may start is stopped and
# disabled again. Fails loudly (non-zero) when promtool cannot be installed.
set -euo pipefail
if command -v promtool >/dev/null 2>&1; then
  echo "promtool deps: $(promtool --version 2>&1 | head -1)"
  exit 0
fi
SUDO=""
if [[ "$(id -u)" != "0" ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus
# Most CI images forbid service starts (policy-rc.d); where one did start, stop it: only promtool is needed.
if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
  $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
elif [[ -x /etc/init.d/prometheus ]]; then
  $SUDO /etc/init.d/prometheus stop >/dev/null 2>&1 || true
fi
if ! command -v promtool >/dev/null 2>&1; then
  echo "promtool deps: the prometheus package installed no promtool on the PATH" >&2
  exit 1
fi
promtool --version 2>&1 | head -1
