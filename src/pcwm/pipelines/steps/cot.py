"""Chain-of-thought synthesis: HindsightCoT (teacher sees code + observed outcome), PairCoT (two codes, both work-%
outcomes), NoHindsightCoT (the paper's ablation: teacher sees the code only, CoT trained on as is) and
NoHindsightFilteredCoT (the same, kept only when the teacher's own prediction equals the observed outcome).

Responses are read by `pcwm.pipelines.reasoning.split_response` whatever their shape (a separate reasoning field
folded in by pcwm.pipelines.compat, a lone `</think>` as QwQ writes it, a full `<think>` block, GPT-OSS channels).
Hindsight prompts (the paper's appendix) tell the teacher the outcome is a target to reach by reasoning forward from
the code, never a fact to cite. The check is strict: a CoT, an <answer> block equal to the observed outcome verbatim
(`pcwm.worldmodel.outcomes` rendering, trailing spaces aside), and no sentence citing the given outcome (the leak
filter); otherwise the sample is kept with `cot_accepted = False` and the reason, FormatSFT drops it, and the run
summary counts it by reason (from the `<kind>_cot_log` subset).
"""


import json
from typing import Any

from distilabel.steps import StepInput
from distilabel.steps.tasks import Task
from distilabel.typing import StepOutput

from pcwm.pipelines.parsing import check_hindsight
from pcwm.pipelines.reasoning import split_response
from pcwm.pipelines.templates import render
from pcwm.worldmodel import outcomes

COT_OUTPUTS = ["cot", "cot_accepted", "cot_rejection", "cot_response", "cot_model", "cot_shape", "cot_agrees",
               "cot_prompt_tokens", "cot_completion_tokens"]


def _race_set(races: list[dict]) -> set[tuple]:
    return {(r["type"], tuple(sorted(r.get("code_locations", r.get("locations", []))))) for r in races}


class _CoTTask(Task):
    """Shared behaviour: only rows with an observed outcome go to the teacher; outputs the COT_OUTPUTS columns."""

    template: str
    execution_model: str = "OpenMP"

    @property
    def outputs(self) -> list[str]:
        return COT_OUTPUTS + ["model_name"]

    def _eligible(self, row: dict) -> bool:
        return bool(row.get("outcome"))

    def process(self, inputs: StepInput) -> StepOutput:  # type: ignore[override]
        eligible = [r for r in inputs if self._eligible(r)]
        if not eligible:
            yield []
            return
        for batch in super().process(eligible):
            for row in batch:
                row["cot_model"] = row.get("model_name")
                stats = (row.get("distilabel_metadata") or {}).get(f"statistics_{self.name}") or {}
                row["cot_prompt_tokens"] = stats.get("input_tokens")
                row["cot_completion_tokens"] = stats.get("output_tokens")
            accepted = sum(1 for r in batch if r.get("cot_accepted"))
            self._logger.info(f"{type(self).__name__}: {accepted} of {len(batch)} CoTs accepted")
            yield batch

    def _result(self, output: str | None, accepted: bool, reason: str, split=None,
                agrees: bool | None = None) -> dict[str, Any]:
        return {
            "cot": split.cot if split is not None else None,
            "cot_accepted": accepted,
            "cot_rejection": reason or None,
            "cot_response": output,
            "cot_shape": split.shape if split is not None else None,
            "cot_agrees": agrees,
        }


class HindsightCoT(_CoTTask):
    """Teacher sees the code and the observed TSan outcome and must reason forward to it.

    Input columns: code, file_name, language, outcome (answer body from the Sandbox step). Output columns: cot (the
    chain of thought, see pcwm.pipelines.reasoning), cot_accepted, cot_rejection (no_response | no_reasoning |
    no_answer | mismatch | leak_<pattern>), cot_response (raw), cot_model, cot_shape, cot_agrees (None here),
    cot_prompt_tokens, cot_completion_tokens.
    """

    template: str = "cot_tsan_hindsight.j2"

    @property
    def inputs(self) -> list[str]:
        return ["code", "file_name", "language", "outcome"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        lang = "cpp" if input.get("language") == "cpp" else "c"
        text = render(self.template, execution_model=self.execution_model, file_name=input["file_name"], lang=lang,
                      code=input["code"], answer=input["outcome"])
        return [{"role": "user", "content": text}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        accepted, reason, split = check_hindsight(output, (input or {}).get("outcome") or "")
        return self._result(output, accepted, reason, split)


class NoHindsightCoT(_CoTTask):
    """The paper's ablation: the teacher sees only the code, and its CoT is trained on as is (the SFT completion is
    [CoT, observed outcome], whatever the teacher predicted): every response with a chain of thought is accepted.

    Input columns: code, file_name, language, outcome, races (JSON). Output columns: as HindsightCoT, with
    cot_rejection no_response | no_reasoning (| unparseable | wrong_outcome for the filtered variant) and cot_agrees
    (whether the teacher's own race list equals the observed one; None when its answer cannot be parsed).
    """

    template: str = "cot_tsan_no_hindsight.j2"
    require_agreement: bool = False

    @property
    def inputs(self) -> list[str]:
        return ["code", "file_name", "language", "outcome", "races"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        lang = "cpp" if input.get("language") == "cpp" else "c"
        text = render(self.template, execution_model=self.execution_model, file_name=input["file_name"], lang=lang,
                      code=input["code"], header=outcomes.TSAN_HEADER)
        return [{"role": "user", "content": text}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        if not output or not output.strip():
            return self._result(output, False, "no_response")
        split = split_response(output)
        if not split.cot:
            return self._result(output, False, "no_reasoning", split)
        try:
            predicted = outcomes.parse_tsan(f"<answer>{split.answer}</answer>" if split.answer else split.final)
        except outcomes.OutcomeParseError:
            predicted = None
        observed = json.loads((input or {}).get("races") or "[]")
        agrees = None if predicted is None else _race_set(predicted) == _race_set(observed)
        if self.require_agreement and not agrees:
            return self._result(output, False, "unparseable" if agrees is None else "wrong_outcome", split, agrees)
        return self._result(output, True, "", split, agrees)


class NoHindsightFilteredCoT(NoHindsightCoT):
    """The filtered variant (not the paper's ablation): a no-hindsight CoT is kept only when the teacher's own race
    list equals the observed one (rejection sampling). Columns: as NoHindsightCoT."""

    require_agreement: bool = True


class PairCoT(_CoTTask):
    """Caliper pairs: the teacher sees two codes of one problem and both measured outcomes, and reasons about their
    relative differences to reach the joint answer.

    Input columns: code_a, code_b, language, threads, pair_answer (from MakePairs). Output columns: as HindsightCoT.
    """

    template: str = "cot_workpct_pair.j2"

    def _eligible(self, row: dict) -> bool:
        return bool(row.get("pair_answer"))

    @property
    def inputs(self) -> list[str]:
        return ["code_a", "code_b", "language", "threads", "pair_answer"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        lang = "cpp" if input.get("language") == "cpp" else "c"
        text = render(self.template, execution_model=self.execution_model, lang=lang, code_a=input["code_a"],
                      code_b=input["code_b"], threads=list(input["threads"]), answer=input["pair_answer"])
        return [{"role": "user", "content": text}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        accepted, reason, split = check_hindsight(output, (input or {}).get("pair_answer") or "")
        return self._result(output, accepted, reason, split)
