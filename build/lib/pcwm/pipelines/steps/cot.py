"""Chain-of-thought synthesis: HindsightCoT (teacher sees code + observed outcome), PairCoT (two codes, both work-%
outcomes), NoHindsightCoT (the ablation: teacher sees the code only).

Hindsight prompts (the paper's appendix) tell the teacher the outcome is a target to reach by reasoning forward from
the code, never a fact to cite. The check is strict: the response needs a <think> block and an <answer> block equal
to the observed outcome verbatim (`pcwm.outcomes` rendering, trailing spaces aside); otherwise the sample is kept
with `cot_accepted = False` and the reason, and FormatSFT drops it (the run summary counts it). NoHindsightCoT
accepts a response whose parsed race list equals the observed one (rejection sampling).
"""


import json
from typing import Any

from distilabel.steps import StepInput
from distilabel.steps.tasks import Task
from distilabel.typing import StepOutput

from pcwm import outcomes
from pcwm.pipelines.parsing import answer_matches
from pcwm.pipelines.templates import render

COT_OUTPUTS = ["cot", "cot_accepted", "cot_rejection", "cot_response", "cot_model"]


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
            accepted = sum(1 for r in batch if r.get("cot_accepted"))
            self._logger.info(f"{type(self).__name__}: {accepted} of {len(batch)} CoTs accepted")
            yield batch

    def _result(self, output: str | None, accepted: bool, reason: str) -> dict[str, Any]:
        return {
            "cot": outcomes.think_block(output) if output else None,
            "cot_accepted": accepted,
            "cot_rejection": reason or None,
            "cot_response": output,
        }


class HindsightCoT(_CoTTask):
    """Teacher sees the code and the observed TSan outcome and must reason forward to it.

    Input columns: code, file_name, language, outcome (answer body from the Sandbox step). Output columns: cot (the
    think block), cot_accepted, cot_rejection (no_response | no_think | no_answer | mismatch), cot_response (raw),
    cot_model.
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
        accepted, reason = answer_matches(output, (input or {}).get("outcome") or "")
        return self._result(output, accepted, reason)


class NoHindsightCoT(_CoTTask):
    """The ablation: the teacher sees only the code; a CoT is accepted when its race list equals the observed one.

    Input columns: code, file_name, language, outcome, races (JSON). Output columns: as HindsightCoT
    (cot_rejection: no_response | no_think | unparseable | wrong_outcome).
    """

    template: str = "cot_tsan_no_hindsight.j2"

    @property
    def inputs(self) -> list[str]:
        return ["code", "file_name", "language", "outcome", "races"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        lang = "cpp" if input.get("language") == "cpp" else "c"
        text = render(self.template, execution_model=self.execution_model, file_name=input["file_name"], lang=lang,
                      code=input["code"], header=outcomes.TSAN_HEADER)
        return [{"role": "user", "content": text}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        if not output:
            return self._result(output, False, "no_response")
        if outcomes.think_block(output) is None:
            return self._result(output, False, "no_think")
        try:
            predicted = outcomes.parse_tsan(output)
        except outcomes.OutcomeParseError:
            return self._result(output, False, "unparseable")
        observed = json.loads((input or {}).get("races") or "[]")
        ok = _race_set(predicted) == _race_set(observed)
        return self._result(output, ok, "" if ok else "wrong_outcome")


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
        accepted, reason = answer_matches(output, (input or {}).get("pair_answer") or "")
        return self._result(output, accepted, reason)
