#!/usr/bin/env bash
# The project's own Python environments, with pinned versions, kept out of git:
#   .venv-spark  pyspark (+ numpy, which pyspark.ml imports) for the Spark job and its tests; Java 17 checked
#   .venv-bench  the reference tools bench/ compares against (gensim, implicit, Surprise, UMAP, openTSNE, LightFM,
#                Optuna's TPE for bench/tpeOptuna.ts)
# Usage: scripts/python-env.sh [spark|bench|all]   (default: all). Safe to re-run: an environment whose pins
# and imports check out is left alone (well under a second). PYTHON=/path/to/python3.11+ picks the interpreter.
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
case "$what" in spark | bench | all) ;; *)
  echo "usage: scripts/python-env.sh [spark|bench|all]" >&2
  exit 2
  ;;
esac
python="${PYTHON:-python3}"

# pyspark 4.x declares Requires-Python >= 3.11 (so do the numpy/scipy wheels pinned here).
if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "python-env: need Python 3.11 or newer as \`$python\` (set PYTHON=/path/to/python3.11)" >&2
  exit 1
fi

# Pins that install on Debian 12 x86-64 with CPython 3.11 (checked 2026-12; docs/python-env.md has the log).
SPARK_PINS=(pyspark==4.3.0 py4j==0.10.9.9 numpy==2.4.6)
BENCH_PINS=(
  numpy==2.4.6 scipy==1.17.1 scikit-learn==1.9.1 joblib==1.6.0 threadpoolctl==3.8.0
  gensim==4.4.0 smart_open==9.0.4 wrapt==2.5.2
  implicit==0.7.3 tqdm==4.70.1
  scikit-surprise==1.1.5 cloudpickle==3.1.3
  umap-learn==0.5.12 numba==0.68.1 llvmlite==0.50.0 pynndescent==0.7.0 narwhals==2.29.0
  openTSNE==1.0.4
  optuna==5.0.0 alembic==1.20.1 SQLAlchemy==2.1.9 Mako==1.4.3 MarkupSafe==3.0.4 colorlog==6.12.0 PyYAML==6.0.4
  packaging==26.4 typing_extensions==4.16.0
  requests==2.34.2 urllib3==2.8.0 idna==3.20 charset-normalizer==3.5.3 certifi==2026.10.19.post1
)
# LightFM 1.17 is an sdist whose setup.py sets `__builtins__.__LIGHTFM_SETUP__`, which fails under PEP 517
# builds (there `__builtins__` is a dict): it is built the legacy way, which pip removed in 25.3, so the bench
# environment keeps pip 24.3.1 and gets setuptools + wheel for that build.
BENCH_BUILD_PINS=(pip==24.3.1 setuptools==75.8.0 wheel==0.45.1)
LIGHTFM_PIN=lightfm==1.17

# A venv is ready when its stamp lists exactly these pins and its imports work.
ready() { # dir stamp imports
  [ -x "$1/bin/python" ] && [ "$(cat "$1/.ewb-pins" 2>/dev/null)" = "$2" ] && "$1/bin/python" -c "$3" 2>/dev/null
}

java_major() { # prints the major version of `java` on PATH (or JAVA_HOME's), nothing if there is none
  local java="java"
  [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && java="$JAVA_HOME/bin/java"
  command -v "$java" >/dev/null || return 0
  "$java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -1
}

ensure_java() {
  local major
  major="$(java_major)"
  if [ -n "$major" ] && [ "$major" -ge 17 ]; then return 0; fi
  echo "python-env: Spark 4 needs Java 17 or 21 (found: ${major:-none}); installing openjdk-17-jre-headless (apt)…"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  major="$(java_major)"
  if [ -z "$major" ] || [ "$major" -lt 17 ]; then
    echo "python-env: java on PATH is still ${major:-missing}; set JAVA_HOME to a Java 17 installation" >&2
    exit 1
  fi
}

# Makes the venv DIR unless it is ready: STAMP its pins, CHECK an import line, WHAT for the message, and
# INSTALL a function given the venv's pip command.
venv_with() { # dir stamp check what install
  local dir=$1 stamp=$2 check=$3
  if ready "$dir" "$stamp" "$check"; then return 0; fi
  local started=$SECONDS
  echo "python-env: creating $dir ($4)"
  rm -rf "$dir"
  "$python" -m venv "$dir" || {
    echo "python-env: \`$python -m venv\` failed (Debian/Ubuntu: apt-get install python3-venv)" >&2
    exit 1
  }
  "$5" "$dir/bin/python" -m pip --disable-pip-version-check
  "$dir/bin/python" -c "$check"
  echo "$stamp" >"$dir/.ewb-pins"
  echo "python-env: $dir ready in $((SECONDS - started)) s"
}

install_spark() { "$@" install --quiet "${SPARK_PINS[@]}"; }

install_bench() {
  "$@" install --quiet "${BENCH_BUILD_PINS[@]}"
  "$@" install --quiet "${BENCH_PINS[@]}"
  "$@" install --quiet --no-build-isolation --no-use-pep517 "$LIGHTFM_PIN"
}

spark_env() {
  ensure_java
  venv_with .venv-spark "${SPARK_PINS[*]}" 'import pyspark, numpy, pyspark.ml.recommendation, pyspark.ml.feature' \
    "${SPARK_PINS[*]}; pyspark is a ~456 MB download" install_spark
}

bench_env() {
  venv_with .venv-bench "${BENCH_PINS[*]} ${BENCH_BUILD_PINS[*]} $LIGHTFM_PIN" \
    'import gensim, implicit, surprise, umap, openTSNE, lightfm, optuna, numpy, scipy, sklearn' \
    'gensim, implicit, Surprise, UMAP, openTSNE, LightFM, Optuna' install_bench
}

case "$what" in
spark) spark_env ;;
bench) bench_env ;;
all)
  spark_env
  bench_env
  ;;
esac
