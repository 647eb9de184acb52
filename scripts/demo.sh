#!/usr/bin/env bash
# The main job on the offline default: label programs with the real sandbox (ThreadSanitizer), no LLM, no network.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${PCWM_DEMO_OUT:-outputs/demo}
mkdir -p "$out"
.venv/bin/pcwm sandbox run tests/sandbox_cases --json > "$out/sandbox_cases.jsonl"
.venv/bin/pcwm sandbox run tests/sandbox_cases
echo "pcwm demo: JSON lines in $out/sandbox_cases.jsonl"
