#!/usr/bin/env bash
# What the tests need beyond npm: Debian's Chromium for the end-to-end tests (Playwright's own browser download
# is not used), the sqlite3 shell, Python tools for the interop tests, and .venv-spark. Safe to run again.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Fault tests compare databases by the sqlite3 shell's `.dump` (src/core/testing.ts, dumpHash).
command -v sqlite3 >/dev/null || missing+=(sqlite3)
# Interoperability tests load our exports with the real tools (gensim, numpy, pandas) from /usr/bin/python3.
/usr/bin/python3 -c "import gensim, numpy, pandas" 2>/dev/null || missing+=(python3-gensim python3-numpy python3-pandas)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing ${missing[*]} (apt)…"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The Spark job's end-to-end test runs on the project's own .venv-spark (pinned pyspark; Java 17 if missing).
bash "$(dirname "$0")/python-env.sh" spark
