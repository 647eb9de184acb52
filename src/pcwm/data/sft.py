"""SFT views of dataset rows: the world model's prompt, and a completion that is `[CoT, outcome]`.

The prompt is the evaluation suites' world-model prompt (`pcwm.worldmodel.prompts`: tsan_predict.j2, workpct_pair.j2),
so a model is trained on exactly what it is scored on. The completion is `<think>CoT</think>` followed by the answer
block rendered by `pcwm.worldmodel.outcomes` (the paper's answer format, which the scorers parse); `no_cot` rows have
the answer block only (the paper's SFT-No-CoT ablation) and are prompted with the no-CoT prompt
(tsan_predict_no_cot.j2), the one `eval_suites/dataracebench-no-cot.yaml` scores them with.

Views (TRL 1.16 reads either; pick one with `training_view`, since a dataset with both confuses TRL's format check):
- `prompt` / `completion`: conversational lists ([user], [assistant]); TRL masks the prompt (completion-only loss);
- `messages`: [user, assistant]; train with `assistant_only_loss=True` and a `{% generation %}` chat template.
"""

from __future__ import annotations

from pcwm.errors import UsageError
from pcwm.worldmodel import outcomes
from pcwm.worldmodel.prompts import render

VIEWS = {"prompt_completion": ["prompt", "completion"], "messages": ["messages"]}


class CotError(UsageError):
    """A CoT sample that must not be trained on (empty, or its own answer contradicts the tool's outcome)."""


NO_COT_PROMPT = "tsan_predict_no_cot.j2"  # the thinking-off prompt of the `no_cot` rows (and of the no-CoT suite)


def tsan_prompt(code: str, code_name: str, language: str, template: str = "tsan_predict.j2") -> str:
    return render(template, file_name=code_name, lang="cpp" if language == "cpp" else "c", code=code)


def pair_prompt(code_i: str, code_j: str, threads: list[int]) -> str:
    return render("workpct_pair.j2", code_a=code_i, code_b=code_j, threads=list(threads))


def completion_text(answer_body: str, cot: str | None) -> str:
    """`[CoT, outcome]`: the think block (when there is a CoT) then the answer block."""
    answer = f"<answer>\n{answer_body.strip()}\n</answer>"
    return answer if cot is None else f"<think>\n{cot.strip()}\n</think>\n{answer}"


def views(prompt: str, completion: str) -> dict:
    """The `prompt`, `completion` and `messages` columns of one row."""
    user = {"role": "user", "content": prompt}
    assistant = {"role": "assistant", "content": completion}
    return {"prompt": [user], "completion": [assistant], "messages": [user, assistant]}


def clean_cot(text: str) -> tuple[str, str | None]:
    """(reasoning, the teacher's own answer block or None) from a CoT field or a whole teacher response.

    Accepts a bare chain of thought, or a response in any shape `pcwm.pipelines.reasoning.split_response` reads
    (a <think> block, a lone </think>, GPT-OSS channels) followed by an <answer> block.
    """
    from pcwm.pipelines.reasoning import split_response

    if text is None or not str(text).strip():
        raise CotError("empty CoT")
    text = str(text)
    split = split_response(text)
    think, answer = split.cot, split.answer
    if think is None:
        think = text.split("<answer>", 1)[0].replace("<think>", "").replace("</think>", "")
    think = think.strip()
    if not think:
        raise CotError("CoT has no reasoning text")
    return think, answer


def check_leak(cot: str, hindsight: bool = True) -> None:
    """Raises CotError when a hindsight CoT cites having been given the outcome (the leak filter)."""
    from pcwm.pipelines.reasoning import leak_reason

    reason = leak_reason(cot) if hindsight else None
    if reason:
        raise CotError(f"CoT cites the given outcome ({reason})")


def race_key(races: list[dict]) -> frozenset:
    return frozenset((r["type"], tuple(sorted(r.get("code_locations", r.get("locations", []))))) for r in races)


def check_tsan_cot(teacher_answer: str | None, races: list[dict]) -> None:
    """Raises CotError when the teacher wrote an answer that names other races than TSan reported."""
    if teacher_answer is None:
        return
    try:
        said = outcomes.parse_tsan(f"<answer>{teacher_answer}</answer>")
    except outcomes.OutcomeParseError as exc:
        raise CotError(f"teacher answer unparseable: {exc}") from exc
    if race_key(said) != race_key(races):
        raise CotError("teacher answer differs from the ThreadSanitizer outcome")


def tsan_answer(races: list[dict]) -> str:
    return outcomes.render_tsan(races)


def pair_answer(regions_i: list[outcomes.RegionWork], regions_j: list[outcomes.RegionWork]) -> str:
    return outcomes.render_workpct_pair(regions_i, regions_j)


def training_view(dataset, view: str = "prompt_completion"):
    """The columns TRL needs for one SFT format (a Dataset or DatasetDict), everything else dropped."""
    if view not in VIEWS:
        raise ValueError(f"unknown SFT view {view!r} (expected one of {', '.join(VIEWS)})")
    return dataset.select_columns(VIEWS[view])
