"""Supervised fine-tuning of Parallel-Code World Models with TRL (open-r1 shape).

- `config`: the recipe dataclasses (TRL's ScriptArguments / SFTConfig / ModelConfig plus pcwm fields), parsed by
  TRL's `TrlParser` from `recipes/<model>/<tool>/sft.yaml` with command-line overrides, and validated;
- `sft.main(script_args, training_args, model_args)`: load data and model, train with `SFTTrainer` (completion-only
  loss over `[CoT, outcome]`), save, evaluate (optional hook), render the model card, push at a revision;
- `smoke_data`: a small real dataset for CPU runs (the offline engine's candidates of a few seeds, labelled by TSan
  here, built by `pcwm dataset build`'s logic);
- `publish`: model card rendering and pushing to `pcwm/<model>-<tool>` at a Hub revision;
- `cli`: `pcwm train --recipe ... [overrides]`, `pcwm train validate`.

Nothing heavy is imported here.
"""
