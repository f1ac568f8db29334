#!/usr/bin/env bash
# Installs the Debian packages annals needs to build and test, and nothing that is
# already there. Run as root or with sudo available.
set -euo pipefail

pkgs=(build-essential cmake pkg-config clang libclang-rt-dev
      libsqlite3-dev libutf8proc-dev libicu-dev libstemmer-dev libjansson-dev libcmocka-dev)
[ "${1:-}" = "--bench" ] && pkgs+=(hyperfine)

missing=()
for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
