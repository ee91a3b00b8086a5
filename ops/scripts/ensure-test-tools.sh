#!/usr/bin/env bash
# Makes sure the test suite can run on a fresh Debian machine: Debian's Chromium and the matching ChromeDriver (the
# browser tests) and systemd-analyze (DeployLintTest checks the systemd unit with it). Installs what is missing with
# apt-get (as root, or through sudo); does nothing when everything is there.
set -euo pipefail
packages=()
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  packages+=(chromium chromium-driver)
fi
if ! command -v systemd-analyze >/dev/null 2>&1; then
  packages+=(systemd)
fi
if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi
echo "ensure-test-tools: installing Debian's ${packages[*]} for the tests" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${packages[@]}" >/dev/null
/usr/bin/chromium --version >&2
