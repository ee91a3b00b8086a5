#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's Chromium and the matching ChromeDriver.
# Installs them with apt-get (as root, or through sudo) when they are missing; does nothing otherwise.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium and chromium-driver for the browser tests" >&2
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
/usr/bin/chromium --version >&2
