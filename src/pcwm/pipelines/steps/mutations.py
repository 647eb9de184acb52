"""MutationCandidates: the offline candidate engine as a step (no LLM): seed implementations, race-injecting mutants
and harmless rewrites, each with its operator and expected label, from `pcwm.problems.candidates.make_candidates`.
"""


from distilabel.steps import Step, StepInput
from distilabel.typing import StepOutput
from pydantic import Field

from pcwm.pipelines.steps.sandbox import CANDIDATE_COLUMNS
from pcwm.pipelines.steps.seeds import SEED_COLUMNS, seed_from_row
from pcwm.problems.candidates import make_candidates
from pcwm.problems.mutations import OPERATORS

PROBLEM_COLUMNS = [c for c in SEED_COLUMNS if c != "seed_impls"]


def candidate_row(problem: dict, *, candidate: str, origin: str, generator: str, strategy: str = "",
                  mutation_operator: str | None = None, expected_label: str | None = None) -> dict:
    """A row in the candidate schema shared by every candidate source (CANDIDATE_COLUMNS)."""
    row = {c: problem.get(c) for c in PROBLEM_COLUMNS}
    row.update(candidate=candidate, origin=origin, generator=generator, strategy=strategy,
               mutation_operator=mutation_operator, expected_label=expected_label)
    return {c: row.get(c) for c in CANDIDATE_COLUMNS}


class MutationCandidates(Step):
    """Seed problems in, candidates out: the seed's own implementations (`originals`) plus, when `mutate`, every
    operator's mutants (at most `max_sites` sites per implementation and operator).

    Input columns: the seed columns (seed_impls among them). Output columns: the candidate schema (CANDIDATE_COLUMNS):
    problem columns + candidate (source), origin (candidate id: <seed>/<impl>/<operator>-<site> or .../original),
    generator ("seed" or "mutation"), strategy (impl strategy or mutation description), mutation_operator (None
    for originals), expected_label ("race" | "no race"; TSan decides the actual label).
    """

    originals: bool = True
    mutate: bool = True
    operators: list[str] = Field(default_factory=list)  # empty: all of pcwm.problems.mutations.OPERATORS
    max_sites: int | None = 2

    @property
    def inputs(self) -> list[str]:
        return ["seed_impls", "seed_id", "language"]

    @property
    def outputs(self) -> list[str]:
        return CANDIDATE_COLUMNS

    def load(self) -> None:
        super().load()
        if self.operators:
            unknown = [o for o in self.operators if o not in OPERATORS]
            if unknown:
                raise ValueError(f"unknown mutation operator(s) {unknown}; known: {', '.join(OPERATORS)}")

    def process(self, inputs: StepInput) -> StepOutput:
        out = []
        for row in inputs:
            if not row.get("seed_impls"):
                continue  # variants have no implementations of their own
            cands = make_candidates([seed_from_row(row)], operators=self.operators or None, max_sites=self.max_sites,
                                    originals=self.originals or not self.mutate, mutants=self.mutate)
            for c in cands:
                original = c.operator == "original"
                out.append(candidate_row(
                    row, candidate=c.source, origin=c.id, generator="seed" if original else "mutation",
                    strategy=c.description, mutation_operator=None if original else c.operator,
                    expected_label=c.expected,
                ))
        self._logger.info(f"{len(out)} candidates from {len(inputs)} seeds")
        yield out
