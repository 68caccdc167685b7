#!/usr/bin/env bash
# Installs what a fresh Debian/Ubuntu machine lacks to build MatchingMarkets: GLPK's headers and
# library (libglpk-dev). Swift itself is expected on PATH. Safe to run repeatedly.
set -euo pipefail
if [ ! -f /usr/include/glpk.h ]; then
  echo "installing libglpk-dev (GLPK, the integer-programming solver behind kidney exchange)..." >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libglpk-dev >/dev/null
fi
command -v swift >/dev/null || { echo "swift is not on PATH (Swift 6.1 or newer is needed)" >&2; exit 1; }
