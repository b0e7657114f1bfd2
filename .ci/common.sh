# Shared by .ci/demo, .ci/test and bench/run: install what is missing, configure, build.
# Sourced, not run.
set -euo pipefail

CORIO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CORIO_BUILD=${CORIO_BUILD:-$CORIO_ROOT/build}
CORIO_JOBS=${CORIO_JOBS:-$(nproc)}

# Debian packages corio needs to build, test and demo everything.
CORIO_PACKAGES=(
  cmake ninja-build pkg-config g++-12 git python3 python3-psutil
  clang-19 clang-tidy-19 clangd-19 libclang-19-dev libclang-cpp19-dev llvm-19-dev llvm-19-tools
  libclang-rt-19-dev libgrpc++-dev libprotobuf-dev
  liburing-dev libssl-dev openssl ca-certificates
  libboost-dev nginx-light curl wrk fio python3-uvloop python3-matplotlib util-linux
)

corio_say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the packages that are missing; when not root, prints the exact command and stops.
corio_install_packages() {
  local missing=() p
  for p in "${CORIO_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "corio: missing Debian packages. Install them with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  corio_say "Installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Tells the user plainly when the kernel will not give us io_uring (corio falls back to epoll).
corio_check_kernel() {
  local disabled=/proc/sys/kernel/io_uring_disabled
  if [ -r $disabled ] && [ "$(cat $disabled)" != 0 ]; then
    echo "corio: note: kernel.io_uring_disabled=$(cat $disabled): corio will run on its epoll backend" >&2
  fi
}

# configure + build one tree. $1 = build dir, then extra cmake args.
corio_build() {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    corio_say "Configuring $dir"
    cmake -S "$CORIO_ROOT" -B "$dir" -G Ninja "$@" >/dev/null
  fi
  corio_say "Building $dir"
  cmake --build "$dir" -j "$CORIO_JOBS" -- -k 0
}

corio_build_default() {
  corio_build "$CORIO_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
}
