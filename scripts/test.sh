#!/usr/bin/env bash
# The test command: installs missing system dependencies, then runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
swift test "$@"
