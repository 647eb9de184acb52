#!/usr/bin/env bash
# The main job on the offline default: the `offline` distilabel pipeline builds a small, real TSan-labelled dataset
# from the seed bank and race-injecting mutations: no LLM, no GPU, no network.
#   PCWM_DEMO_SEEDS  seed problems to use (default 4 of 80; "all" for the whole bank, ~30 min on 2 cores)
#   PCWM_DEMO_OUT    output folder (default outputs/offline)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${PCWM_DEMO_OUT:-outputs/offline}
seeds=${PCWM_DEMO_SEEDS:-4}
limit=(--limit "$seeds")
[[ $seeds == all ]] && limit=()
export DISTILABEL_CACHE_DIR=${DISTILABEL_CACHE_DIR:-outputs/.distilabel-cache}
.venv/bin/pcwm generate --recipe recipes/generate/offline.yaml "${limit[@]}" --out "$out"
cat <<MSG

pcwm demo: a TSan-labelled dataset (config no_cot) is in $out. Load it with:
  .venv/bin/python -c "from distilabel.distiset import Distiset; print(Distiset.load_from_disk('$out'))"
Turn it into a Hub dataset with a card:  .venv/bin/pcwm dataset build $out --out outputs/tsan-demo
MSG
