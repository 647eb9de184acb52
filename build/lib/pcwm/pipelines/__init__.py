"""distilabel pipelines of the data engine: problems -> candidates -> tool outcomes -> hindsight CoT -> SFT rows.

`build_pipeline(recipe)` (in `pcwm.pipelines.builders`) returns a distilabel `Pipeline` for the recipe's kind
(`tsan`, `caliper`, `offline`); `pcwm generate --recipe recipes/generate/<name>.yaml` runs it, and `--dump` writes
the YAML that `distilabel pipeline run --config` runs. Step classes live in `pcwm.pipelines.steps` (importable, so
dumped pipelines load anywhere); prompt templates in `prompts/`.
"""
