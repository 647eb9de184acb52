#!/usr/bin/env bash
# Builds and installs LLNL Caliper (BSD-3-Clause) at a pinned commit, with OMPT, for the work-% profiler's
# `--backend caliper`. Caliper is not on PyPI or Debian, and Spack's package has no OMPT option.
#
#   bash sandbox/install-caliper.sh [--src TARBALL] [PREFIX]
#
# Source: TARBALL (or $PCWM_CALIPER_SRC), a `git archive` of the pinned commit such as ../shared/vendor/
# caliper-74e48659.tar.gz; without one, the same commit is fetched from GitHub ($PCWM_CALIPER_URL overrides the URL).
# Either way the unpacked tree must hash to TREE_SHA256 below (a hash of every file's content and path, so it does
# not depend on how the archive was packed), else nothing is built.
# PREFIX defaults to $PCWM_CALIPER_PREFIX, else <cache root>/caliper/<commit>, the cache root being pcwm.paths's
# ($PCWM_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/pcwm): the place the profiler looks (caliper.py: find_caliper).
# Idempotent and cached: a stamp file in PREFIX records commit, tree hash, compiler and flags; when it matches, the
# script exits at once. Otherwise it builds in a temporary directory, installs into a staging copy and moves that
# into place, so an interrupted build never leaves a half-installed PREFIX. Build deps (cmake, make) are installed
# with apt when missing (as root, or through sudo); clang-16 and libomp-16-dev come from sandbox/install-toolchain.sh.
# Prints the install prefix as its last line. About 80 s on 2 cores, 2.6 MB installed. A non-empty PREFIX without
# this script's stamp (someone else's install) is never replaced.
set -euo pipefail

COMMIT=74e48659cc770053ec5e1fed817336c59aadb84c
TREE_SHA256=d62ddbb8d5f5a4fed5630404c4c9d254ff6160639a16539dda2543052ed3209f
URL=${PCWM_CALIPER_URL:-https://github.com/LLNL/Caliper/archive/$COMMIT.tar.gz}
CC_BIN=${PCWM_CALIPER_CC:-clang-16}
CXX_BIN=${PCWM_CALIPER_CXX:-clang++-16}
CMAKE_FLAGS=(-DCMAKE_BUILD_TYPE=Release -DWITH_OMPT=On -DWITH_GOTCHA=Off -DWITH_KOKKOS=Off -DWITH_TOOLS=On
  -DBUILD_TESTING=Off -DWITH_PYTHON_BINDINGS=Off -DBUILD_DOCS=Off)

die() { echo "install-caliper: $*" >&2; exit 1; }

src=${PCWM_CALIPER_SRC:-}
prefix=""
while (($#)); do
  case "$1" in
    --src) [[ $# -ge 2 ]] || die "--src needs a tarball path"; src=$2; shift 2;;
    --src=*) src=${1#--src=}; shift;;
    -h|--help) sed -n '2,18p' "$0"; exit 0;;
    -*) die "unknown option $1";;
    *) [[ -z $prefix ]] || die "one PREFIX only (got $prefix and $1)"; prefix=$1; shift;;
  esac
done
cache_root=${PCWM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pcwm}  # as pcwm.paths.cache_root
prefix=${prefix:-${PCWM_CALIPER_PREFIX:-$cache_root/caliper/$COMMIT}}
[[ $prefix == /* ]] || prefix=$PWD/$prefix
[[ -z $src || -f $src ]] || die "source tarball not found: $src"

command -v "$CC_BIN" >/dev/null && command -v "$CXX_BIN" >/dev/null \
  || die "$CC_BIN/$CXX_BIN not found: run sandbox/install-toolchain.sh first"
want_stamp="commit=$COMMIT tree=$TREE_SHA256 cc=$("$CC_BIN" --version | head -1) flags=${CMAKE_FLAGS[*]}"
stamp=$prefix/.pcwm-caliper-stamp
installed() { [[ -f $stamp && $(cat "$stamp") == "$want_stamp" && -f $prefix/include/caliper/cali.h ]]; }
if installed; then
  echo "install-caliper: cached ($COMMIT)"
  echo "$prefix"
  exit 0
fi

if [[ -d $prefix && ! -f $stamp && -n $(ls -A "$prefix") ]]; then
  die "$prefix exists and was not installed by this script: remove it or give another PREFIX"
fi

# --- build deps
missing=()
for tool in cmake make python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || die "need root (or sudo) to install: ${missing[*]}"
    SUDO=sudo
  fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cmake make python3 >/dev/null
fi

# --- one build at a time per prefix (tests and bootstrap may start it concurrently)
mkdir -p "$(dirname "$prefix")"
exec 9>"$prefix.lock"
flock 9
if installed; then  # another run finished it while we waited
  echo "install-caliper: cached ($COMMIT)"
  echo "$prefix"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/pcwm-caliper-build.XXXXXX")
trap 'rm -rf "$work"' EXIT
if [[ -z $src ]]; then
  echo "install-caliper: fetching $URL"
  src=$work/caliper.tar.gz
  if command -v curl >/dev/null; then
    curl -fsSL --retry 2 --connect-timeout 20 --max-time 600 -o "$src" "$URL" || die "download failed: $URL (give a local tarball with --src)"
  else
    python3 - "$URL" "$src" <<'EOF' || die "download failed: $URL (give a local tarball with --src)"
import shutil, sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=120) as r, open(sys.argv[2], "wb") as f:
    shutil.copyfileobj(r, f)
EOF
  fi
fi
mkdir "$work/src"
tar xzf "$src" -C "$work/src" --strip-components=1 --no-same-owner || die "cannot unpack $src"
got=$(cd "$work/src" && find . \( -type f -o -type l \) -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)
[[ ${got%% *} == "$TREE_SHA256" ]] || die "$src is not Caliper $COMMIT (tree hash ${got%% *}, want $TREE_SHA256)"

echo "install-caliper: building Caliper ${COMMIT:0:8} with OMPT into $prefix"
cmake -S "$work/src" -B "$work/build" -DCMAKE_C_COMPILER="$CC_BIN" -DCMAKE_CXX_COMPILER="$CXX_BIN" \
  -DCMAKE_INSTALL_PREFIX="$prefix" "${CMAKE_FLAGS[@]}" >"$work/cmake.log" 2>&1 \
  || { tail -30 "$work/cmake.log" >&2; die "cmake configure failed"; }
cmake --build "$work/build" -j "$(nproc)" >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; die "build failed"; }
DESTDIR=$work/stage cmake --install "$work/build" >"$work/install.log" 2>&1 \
  || { tail -20 "$work/install.log" >&2; die "install failed"; }
staged=$work/stage$prefix
[[ -f $staged/include/caliper/cali.h ]] && ls "$staged"/lib*/libcaliper.so >/dev/null 2>&1 \
  || die "install produced no libcaliper.so / cali.h"
grep -q "^#define CALIPER_HAVE_OMPT" "$staged/include/caliper/caliper-config.h" \
  || die "built without OMPT support (check libomp-16-dev's omp-tools.h)"
echo "$want_stamp" >"$staged/.pcwm-caliper-stamp"
rm -rf "$prefix.old"
[[ ! -e $prefix ]] || mv "$prefix" "$prefix.old"
mv "$staged" "$prefix"
rm -rf "$prefix.old"
echo "install-caliper: installed"
echo "$prefix"
