"""What a parallel-code world model reads and writes, shared by every producer and consumer of its text.

- `prompts`: the prompt templates (`templates/tsan_predict.j2`, `tsan_predict_no_cot.j2`, `workpct_pair.j2`), the
  `Prompt` object and its hash, and the source helpers the prompts use (comment stripping, code extraction);
- `outcomes`: the answer formats (TSan race lists, Caliper work %), rendered from tool outcomes and parsed back.

It imports nothing else of pcwm but `pcwm.templates`, so the sandbox, the data engine, the pipelines, the
evaluation tasks and `pcwm predict` can all import it.
"""
