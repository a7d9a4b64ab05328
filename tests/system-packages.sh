#!/usr/bin/env bash
# What some tests need from outside PyPI, from Debian's packages: Virtuoso Open Source (the
# cross-store test on a second, heavyweight SPARQL server) and Chromium (the report's browser
# test). Installed where apt-get runs as root, as in CI; anywhere else those tests are skipped,
# and this says so. A failed install stops the run: the tests must not pass by skipping in CI.
set -euo pipefail

missing=()
command -v virtuoso-t >/dev/null || missing+=(virtuoso-opensource)
command -v chromium >/dev/null || command -v chromium-browser >/dev/null || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "tests/system-packages.sh: ${missing[*]} not installed and apt-get cannot run as root here;" \
    "the tests that need them will be skipped (install them to run those tests)" >&2
  exit 0
fi

echo "tests/system-packages.sh: installing ${missing[*]} from Debian" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Debian does not start Virtuoso as a service in a container (policy-rc.d); the tests start
# their own server on free loopback ports, so one started anyway would not be in the way.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
