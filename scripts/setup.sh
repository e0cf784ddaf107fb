#!/usr/bin/env bash
# Installs what ember needs, and nothing twice: Debian packages (apt-get, sudo when
# not root), the Python virtual environment .venv pinned by requirements.lock, and
# the host build of the C++ tools. Sourced by demo.sh and test.sh; safe to re-run.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

apt_packages=(
  cmake ninja-build g++ python3-venv
  gcc-arm-none-eabi libnewlib-arm-none-eabi libstdc++-arm-none-eabi-newlib
  qemu-system-arm clang libclang-rt-14-dev valgrind
  dataset-fashion-mnist chromium
)

step() { printf '\n== %s\n' "$*"; }

install_debian_packages() {
  local missing=()
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  # A binary on PATH is as good as its package (e.g. a cmake from pip).
  if [[ " ${missing[*]} " == *" cmake "* ]] && command -v cmake >/dev/null; then
    missing=("${missing[@]/cmake}")
  fi
  missing=($(printf '%s\n' "${missing[@]}" | grep -v '^$' || true))
  if [ ${#missing[@]} -eq 0 ]; then
    echo "Debian packages: all present"
    return
  fi
  step "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

install_python_env() {
  local stamp=.venv/.ember-installed want
  want="$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    echo "Python environment: up to date (.venv)"
    return
  fi
  step "creating the Python environment in .venv (first time: a few minutes)"
  [ -x .venv/bin/python ] || python3 -m venv .venv
  .venv/bin/pip install -q --upgrade pip
  # torch first and pinned: this takes the CPU wheel; an unpinned torch pulls CUDA.
  .venv/bin/pip install -q torch==2.13.0
  .venv/bin/pip install -q -r requirements.lock
  .venv/bin/pip install -q --no-deps -e .
  echo "$want" > "$stamp"
}

build_host_tools() {
  step "building the C++ tools (build/host)"
  [ -f build/host/CMakeCache.txt ] || cmake -S . -B build/host -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build/host -- -j"$(nproc)" | grep -vE '^\[[0-9]+/[0-9]+\] (Building|Linking)' || true
  test "${PIPESTATUS[0]}" -eq 0
}

install_debian_packages
install_python_env
build_host_tools
