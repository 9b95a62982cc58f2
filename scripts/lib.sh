# Shared by scripts/demo and scripts/test: install missing Debian packages, configure
# and build. Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PACKAGES=(g++ cmake ninja-build pkgconf tao-pegtl-dev libfmt-dev nlohmann-json3-dev catch2
          libre2-dev libsimdjson-dev libhowardhinnant-date-dev tzdata)
# What only the tests use: python3 (examples/generate and test data), Graphviz (graph
# renders), the JSON-schema and XML validators (SARIF, JUnit), Chromium (the HTML report).
# Tests that need one print SKIP when it is missing.
TEST_PACKAGES=(python3 graphviz python3-jsonschema libxml2-utils chromium)

# install_packages [extra packages...]: installs whichever of PACKAGES and the extras
# are missing.
install_packages() {
  local missing=()
  for p in "${PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: not root and no sudo; install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build DIR [extra cmake args...]; SLUICE_TARGET=name builds one target only.
build() {
  local dir="$1"; shift
  cmake -S "$ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  cmake --build "$dir" -j "${SLUICE_JOBS:-$(nproc)}" ${SLUICE_TARGET:+--target "$SLUICE_TARGET"}
}
