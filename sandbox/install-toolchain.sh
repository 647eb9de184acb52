#!/usr/bin/env bash
# Installs the sandbox's native toolchain on Debian/Ubuntu (run as root). Idempotent: a second run changes nothing.
#   clang-16 + libomp-16-dev (LLVM OpenMP runtime with Archer) + libclang-rt-16-dev (TSan runtime) + llvm-16 (symbolizer)
#   bubblewrap (the sandbox), util-linux (unshare, setpriv, prlimit), procps, libseccomp-dev (the seccomp helper
#   sandbox/jail/pcwm_jail.c, built on first use), e2fsprogs (chattr, to clean up immutable leftovers).
# Only one libomp5-N can be installed at a time: installing libomp-N-dev for another N removes libomp-16-dev and with
# it Archer, after which the sandbox refuses to label (sandbox_error) rather than report false races.
set -euo pipefail
PKGS=(clang-16 libomp-16-dev libclang-rt-16-dev llvm-16 bubblewrap util-linux procps libseccomp-dev e2fsprogs)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "install-toolchain: need root to install: ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${PKGS[@]}" >/dev/null
fi
for f in /usr/bin/clang-16 /usr/bin/clang++-16 /usr/lib/llvm-16/lib/libarcher.so /usr/bin/llvm-symbolizer-16 \
         /usr/include/seccomp.h /usr/bin/bwrap; do
  [[ -e $f ]] || { echo "install-toolchain: expected $f after install" >&2; exit 1; }
done
echo "install-toolchain: ok ($(clang-16 --version | head -1))"
