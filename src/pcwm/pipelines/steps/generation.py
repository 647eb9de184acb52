"""LLM steps that make problems and candidates: ProblemVariants, HarnessGeneration, CandidateGeneration.

Each is a distilabel Task (any LLM of `pcwm.models.llms`) whose answer is parsed into rows; a response that cannot be
parsed yields no problem (variants, harness: counted in the log) or a candidate row that will fail to compile
(candidates: a candidate's failure is a row with a status, never a silent drop).
"""


import hashlib
import re
from typing import Any

from distilabel.steps import StepInput
from distilabel.steps.tasks import Task
from distilabel.typing import StepOutput

from pcwm.pipelines.parsing import code_block, numbered_blocks, strategy_line, tag_block
from pcwm.pipelines.steps.mutations import candidate_row
from pcwm.pipelines.templates import language_name, render

_REF_IDENT = re.compile(r"\bref_(\w+)")


def _lang(row: dict) -> str:
    return "cpp" if row.get("language") == "cpp" else "c"


class ProblemVariants(Task):
    """N perturbed variants of each seed problem (the paper's variant prompt); one output row per variant.

    Input columns: the seed columns. Output columns: the same, with problem = the variant statement, variant = 1..N,
    problem_id = <seed_id>/v<N>, harness/reference = None (a variant needs its own), seed_impls = [], plus
    seed_problem, seed_harness, seed_reference (the example HarnessGeneration follows). With `include_seed` the seed
    row itself is kept as variant 0.
    """

    num_variants: int = 20
    include_seed: bool = False
    template: str = "variants.j2"

    @property
    def inputs(self) -> list[str]:
        return ["seed_id", "problem"]

    @property
    def outputs(self) -> list[str]:
        return ["variants", "seed_problem", "seed_harness", "seed_reference", "model_name"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        return [{"role": "user", "content": render(self.template, problem=input["problem"],
                                                   num_variants=self.num_variants)}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"variants": numbered_blocks(output, "variant")[: self.num_variants]}

    def process(self, inputs: StepInput) -> StepOutput:  # type: ignore[override]
        for batch in super().process(inputs):
            out, empty = [], 0
            for row in batch:
                example = {"seed_problem": row["problem"], "seed_harness": row["harness"],
                           "seed_reference": row["reference"]}
                variants = row.pop("variants", None) or []
                empty += not variants
                if self.include_seed:
                    out.append({**row, **example})
                for j, text in enumerate(variants, 1):
                    out.append({**row, **example, "problem": text, "variant": j,
                                "problem_id": f"{row['seed_id']}/v{j}", "harness": None, "reference": None,
                                "seed_impls": []})
            self._logger.info(f"{len(out)} problems from {len(batch)} seeds ({empty} responses without variants)")
            yield out


class HarnessGeneration(Task):
    """A harness and a sequential reference for each (variant) problem, validated in the sandbox: the reference, run
    through the harness as if it were a candidate, must compile, run and print `PCWM_CHECK PASS`.

    Input columns: problem, language, seed_problem, seed_harness, seed_reference, harness_name, reference_name. Output
    columns: harness, reference (None when invalid), harness_status (ok | unparsed | the sandbox status of the
    reference run | invalid). Rows whose harness is invalid are dropped unless `keep_invalid`.
    """

    template: str = "harness.j2"
    validate_threads: int = 4
    keep_invalid: bool = False

    @property
    def inputs(self) -> list[str]:
        return ["problem", "language", "seed_problem", "seed_harness", "seed_reference"]

    @property
    def outputs(self) -> list[str]:
        return ["harness", "reference", "harness_status", "model_name"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        lang = _lang(input)
        text = render(self.template, lang=lang, example_problem=input["seed_problem"],
                      example_reference=input["seed_reference"], example_harness=input["seed_harness"],
                      example_reference_name=input.get("reference_name") or f"reference.{lang}",
                      example_harness_name=input.get("harness_name") or f"harness.{lang}",
                      reference_name=input.get("reference_name") or f"reference.{lang}",
                      harness_name=input.get("harness_name") or f"harness.{lang}", problem=input["problem"])
        return [{"role": "user", "content": text}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        lang = _lang(input or {})
        ref = code_block(tag_block(output, "reference"), lang)
        har = code_block(tag_block(output, "harness"), lang)
        if not ref or not har:
            return {"harness": None, "reference": None, "harness_status": "unparsed"}
        return {"harness": har, "reference": ref, "harness_status": "unchecked"}

    def process(self, inputs: StepInput) -> StepOutput:  # type: ignore[override]
        for batch in super().process(inputs):
            out, statuses = [], {}
            for row in batch:
                if row["harness_status"] == "unchecked":
                    row["harness_status"] = self._validate(row)
                statuses[row["harness_status"]] = statuses.get(row["harness_status"], 0) + 1
                if row["harness_status"] == "ok" or self.keep_invalid:
                    out.append(row)
            self._logger.info(f"harnesses: {statuses}")
            yield out

    def _validate(self, row: dict) -> str:
        from pcwm.pipelines.steps.sandbox import row_program
        from pcwm.sandbox import RunPlan, run_tsan
        from pcwm.sandbox.cache import ResultCache

        as_candidate = _REF_IDENT.sub(r"pcwm_cand_ref_\1", row["reference"])
        plan = RunPlan(threads=(self.validate_threads,), runs=1, timeout_s=60.0)
        res = run_tsan(row_program(row, as_candidate), plan, cache=ResultCache())
        if res.status.value == "ok" and res.valid:
            return "ok"
        return res.status.value if res.status.value != "ok" else "invalid"


def assigned_model(problem_id: str, zoo_size: int, seed: int = 0) -> int:
    """Which model of the zoo writes a problem's candidates: a seeded hash of its id (stable across runs)."""
    digest = hashlib.sha256(f"pcwm-zoo|{seed}|{problem_id}".encode()).hexdigest()
    return int(digest, 16) % max(1, zoo_size)


class CandidateGeneration(Task):
    """k implementations per problem, distinct in parallelization strategy (the paper's implement prompt); one step
    per model of the zoo. With `zoo` (the model keys, this step's model at `zoo_index`) a step writes only the
    problems assigned to its model (`assigned_model`): k per problem across the zoo, as in the paper; with an empty
    `zoo` every model writes k for every problem. One output row per implementation; a response with no parseable
    implementation gives one row holding the raw text (the sandbox then records its compile error).

    Input columns: the problem columns (problem, language, harness, harness_name, ...). Output columns: the candidate
    schema (CANDIDATE_COLUMNS): candidate, origin (<problem_id>/<model>/<n>), generator (model name), strategy.
    """

    k: int = 4
    execution_model: str = "OpenMP"
    template: str = "implement.j2"
    zoo: list[str] = []
    zoo_index: int = 0
    assign_seed: int = 0

    @property
    def inputs(self) -> list[str]:
        return ["problem_id", "problem", "language", "harness"]

    @property
    def outputs(self) -> list[str]:
        return ["candidate", "origin", "generator", "strategy", "mutation_operator", "expected_label"]

    def format_input(self, input: dict[str, Any]) -> list[dict[str, str]]:
        lang = _lang(input)
        text = render(self.template, problem=input["problem"], harness=input["harness"], lang=lang,
                      harness_name=input.get("harness_name") or f"harness.{lang}", k=self.k,
                      lang_name=language_name(lang), execution_model=self.execution_model)
        return [{"role": "user", "content": text}]

    def format_output(self, output: str | None, input: dict[str, Any] | None = None) -> dict[str, Any]:
        lang = _lang(input or {})
        impls = []
        for body in numbered_blocks(output, "implementation")[: self.k]:
            code = code_block(body, lang)
            if code:
                impls.append({"source": code, "strategy": strategy_line(body)})
        if not impls:
            impls = [{"source": code_block(output, lang) or (output or ""), "strategy": "", "unparsed": True}]
        return {"implementations": impls}

    def process(self, inputs: StepInput) -> StepOutput:  # type: ignore[override]
        if self.zoo:
            inputs = [r for r in inputs
                      if assigned_model(r["problem_id"], len(self.zoo), self.assign_seed) == self.zoo_index]
            if not inputs:
                yield []
                return
        for batch in super().process(inputs):
            out = []
            for row in batch:
                model = row.get("model_name") or self.llm.model_name
                impls = row.get("implementations") or [{"source": "", "strategy": "", "unparsed": True}]
                for n, impl in enumerate(impls, 1):
                    out.append(candidate_row(
                        row, candidate=impl["source"], origin=f"{row['problem_id']}/{model}/{n}", generator=model,
                        strategy=impl["strategy"] or ("unparsed response" if impl.get("unparsed") else ""),
                    ))
            self._logger.info(f"{len(out)} candidates from {len(batch)} problems")
            yield out
