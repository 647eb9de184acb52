"""FormatSFT: labelled rows -> SFT rows (prompt, completion, messages); CandidateRecords: every candidate as a record.

Both write the `record` column: the row's candidate record (`candidate_record`, the contract of `pcwm.data.schema`
that every producer writes and `pcwm dataset build` reads), as JSON (null when the row holds no tool result).

The prompt is the world model's prompt of the evaluation suites (`pcwm.worldmodel.prompts`: tsan_predict.j2,
workpct_pair.j2), so what a model is trained on is what it is scored on; the completion is `[CoT, outcome]` as the
paper's loss expects, with the outcome rendered by `pcwm.worldmodel.outcomes` (canonical form, whatever the teacher
wrote).
"""


import json
from typing import Literal

from distilabel.steps import Step, StepInput
from distilabel.typing import StepOutput

from pcwm.pipelines.steps.sandbox import CANDIDATE_COLUMNS, SANDBOX_COLUMNS
from pcwm.sandbox.result import is_label
from pcwm.worldmodel import outcomes
from pcwm.worldmodel.prompts import render

SFT_COLUMNS = ["sft_mode", "prompt", "completion", "messages", "record"]
COT_MODES = ("hindsight", "no_hindsight", "no_hindsight_filtered")
COT_COLUMNS = ["cot", "cot_accepted", "cot_rejection", "cot_response", "cot_model"]


def tsan_prompt(row: dict, template: str = "tsan_predict.j2") -> str:
    lang = "cpp" if row.get("language") == "cpp" else "c"
    return render(template, file_name=row["file_name"], lang=lang, code=row["code"])


def pair_prompt(row: dict, template: str = "workpct_pair.j2") -> str:
    return render(template, code_a=row["code_a"], code_b=row["code_b"], threads=list(row["threads"]))


def _optional(v):
    """None for a missing value, also where distilabel's buffers turned it into the string 'None' or ''."""
    return None if v is None or (isinstance(v, str) and v.strip() in ("", "None", "null")) else v


def _loads(v):
    v = _optional(v)
    return json.loads(v) if isinstance(v, str) else v


def candidate_record(row: dict) -> dict | None:
    """The candidate record (`pcwm.data.schema`) of a Sandbox / FormatSFT row; None when it holds no tool result.

    source.kind: `mutation` for the offline engine's mutants and rewrites, `model` for a zoo model's code,
    `seed_impl` for the seeds' own implementations. A CoT is kept only when it was accepted (CoT modes)."""
    sandbox, profile = _loads(row.get("sandbox_result")), _loads(row.get("workpct"))
    if row.get("tool") == "workpct" or profile:
        sandbox = None
    elif not sandbox or "status" not in sandbox or "runs" not in sandbox:
        return None
    operator, generator = _optional(row.get("mutation_operator")), _optional(row.get("generator"))
    kind = "mutation" if operator else ("model" if generator and generator != "seed" else "seed_impl")
    mode = _optional(row.get("sft_mode"))
    cot = row.get("cot") if row.get("cot_accepted") and mode in (*COT_MODES, None) else None
    return {
        "problem_id": row.get("problem_id"), "domain": row.get("domain"), "variant": row.get("variant"),
        "language": row.get("language"), "code": row.get("code"), "code_name": row.get("file_name"),
        "source": {"kind": kind, "model": generator if kind == "model" else None, "operator": operator,
                   "parent": row.get("seed_id")},
        "sandbox": sandbox, "profile": profile, "cot": cot, "cot_model": row.get("cot_model"),
        "cot_hindsight": mode not in ("no_hindsight", "no_hindsight_filtered"),
        "cot_filtered": mode == "no_hindsight_filtered",
    }


def record_json(row: dict) -> str | None:
    rec = candidate_record(row)
    return None if rec is None else json.dumps(rec)


def completion(answer_body: str, cot: str | None) -> str:
    answer = f"<answer>\n{answer_body.strip()}\n</answer>"
    return answer if cot is None else f"<think>\n{cot.strip()}\n</think>\n{answer}"


class FormatSFT(Step):
    """Builds SFT rows and drops what must not be trained on.

    Modes: `no_cot` (code -> outcome; the paper's SFT-No-CoT, prompted with the no-CoT prompt), `hindsight` /
    `no_hindsight` / `no_hindsight_filtered` (code -> CoT + outcome, only rows whose CoT was accepted), `pair` (two
    codes -> CoT + both work-% outcomes), `pair_no_cot`.
    Rows whose status is not a label (compile_error, runtime_error, timeout, sandbox_error) are dropped.
    Input columns: code, file_name, language, status, outcome (single) or code_a, code_b, threads, pair_answer
    (pairs), plus cot, cot_accepted for CoT modes. Output columns: the input columns + sft_mode, prompt, completion,
    messages ([user prompt, assistant completion]), record (the candidate record as JSON; null for pairs).
    """

    mode: Literal["no_cot", "hindsight", "no_hindsight", "no_hindsight_filtered", "pair", "pair_no_cot"] = "no_cot"
    prompt_template: str | None = None  # None: tsan_predict.j2 or workpct_pair.j2 of pcwm.worldmodel.prompts

    @property
    def _pair(self) -> bool:
        return self.mode.startswith("pair")

    @property
    def _cot(self) -> bool:
        return self.mode in ("hindsight", "no_hindsight", "no_hindsight_filtered", "pair")

    @property
    def inputs(self) -> list[str]:
        base = ["code_a", "code_b", "threads", "pair_answer"] if self._pair else ["code", "file_name", "status"]
        return base + (["cot", "cot_accepted"] if self._cot else [])

    @property
    def outputs(self) -> list[str]:
        return SFT_COLUMNS

    def process(self, inputs: StepInput) -> StepOutput:
        out, dropped = [], {}
        for row in inputs:
            reason = self._reject(row)
            if reason:
                dropped[reason] = dropped.get(reason, 0) + 1
                continue
            if self._pair:
                prompt = pair_prompt(row, self.prompt_template or "workpct_pair.j2")
                answer = row["pair_answer"]
            else:
                default = "tsan_predict_no_cot.j2" if self.mode == "no_cot" else "tsan_predict.j2"
                prompt = tsan_prompt(row, self.prompt_template or default)
                answer = row["outcome"]
            comp = completion(answer, row["cot"] if self._cot else None)
            sft = {**row, "sft_mode": self.mode, "prompt": prompt, "completion": comp,
                   "messages": [{"role": "user", "content": prompt}, {"role": "assistant", "content": comp}]}
            out.append({**sft, "record": None if self._pair else record_json(sft)})
        if dropped:
            self._logger.info(f"{self.mode}: kept {len(out)} of {len(inputs)} rows, dropped {dropped}")
        yield out

    def _reject(self, row: dict) -> str | None:
        if self._pair:
            if not row.get("pair_answer"):
                return "no_outcome"
        else:
            if not is_label(row.get("status")):
                return f"status_{row.get('status')}"
            if not row.get("outcome"):
                return "no_outcome"
        if self._cot and not row.get("cot_accepted"):
            return f"cot_{row.get('cot_rejection') or 'rejected'}"
        return None


COT_LOG_COLUMNS = ["candidate_id", "pair_id", "cot_accepted", "cot_rejection", "cot_shape", "cot_agrees",
                   "cot_model", "cot_prompt_tokens", "cot_completion_tokens"]


class CoTLog(Step):
    """Every CoT sample's verdict, accepted or not (a leaf of the pipeline): the run summary counts drops by reason
    from it. Input columns: cot_accepted (+ whatever of COT_LOG_COLUMNS the row has). Output columns:
    COT_LOG_COLUMNS."""

    @property
    def inputs(self) -> list[str]:
        return ["cot_accepted"]

    @property
    def outputs(self) -> list[str]:
        return COT_LOG_COLUMNS

    def process(self, inputs: StepInput) -> StepOutput:
        yield [{c: r.get(c) for c in COT_LOG_COLUMNS} for r in inputs]


class CandidateRecords(Step):
    """Every candidate with its sandbox outcome, whatever the status: the run's full record (provenance, stats).

    Input/output columns: the candidate and sandbox columns, plus `record` (the candidate record as JSON); nested
    values stay JSON strings (races, workpct, sandbox_result) so batches with and without races share one Arrow schema.
    """

    @property
    def inputs(self) -> list[str]:
        return ["candidate_id", "status"]

    @property
    def outputs(self) -> list[str]:
        return CANDIDATE_COLUMNS + SANDBOX_COLUMNS + ["record"]

    def process(self, inputs: StepInput) -> StepOutput:
        yield [{**{c: r.get(c) for c in CANDIDATE_COLUMNS + SANDBOX_COLUMNS}, "record": record_json(r)} for r in inputs]


def races_of(row: dict) -> list[dict]:
    return json.loads(row["races"]) if row.get("races") else []


def tsan_answer(row: dict) -> str:
    return outcomes.render_tsan(races_of(row))
