"""Caliper pairs are drawn across all candidates of a problem (distinct, seeded, count configurable), and zoo
candidates are spread over the models (4 per problem by default, as in the paper)."""

from __future__ import annotations

import itertools
from collections import Counter

from pcwm.pipelines.steps.generation import assigned_model
from pcwm.sandbox.workpct_outcome import OutcomePair, sample_pairs


def _all_pairs(n: int) -> list[OutcomePair]:
    return [OutcomePair(i, j, None, None, {}, {}) for i, j in itertools.combinations(range(n), 2)]


def test_pairs_use_every_candidate_and_are_distinct():
    for n, k in [(16, 8), (16, 6 * 2), (5, 3), (4, 6)]:
        got = sample_pairs(_all_pairs(n), k, key="graph/bfs_levels/v3", seed=0)
        ids = [(p.i, p.j) for p in got]
        assert len(ids) == len(set(ids)) == min(k, n * (n - 1) // 2)
        used = Counter(c for p in got for c in (p.i, p.j))
        if 2 * k >= n:
            assert set(used) == set(range(n)), (n, k, used)  # every candidate is in some pair
            assert max(used.values()) - min(used.values()) <= 1  # and none much more often than another


def test_pairs_are_not_the_first_of_an_enumeration():
    got = sample_pairs(_all_pairs(16), 6, key="p", seed=0)
    assert sum(1 for p in got if p.i == 0) <= 1  # the old draw put candidate 0 in all six


def test_pair_draw_is_seeded():
    pairs = _all_pairs(12)
    a = [(p.i, p.j) for p in sample_pairs(pairs, 6, key="p", seed=0)]
    assert a == [(p.i, p.j) for p in sample_pairs(pairs, 6, key="p", seed=0)]
    others = {tuple((p.i, p.j) for p in sample_pairs(pairs, 6, key="p", seed=s)) for s in range(1, 6)}
    assert any(o != tuple(a) for o in others)
    assert sample_pairs(pairs, 0, key="p") == [] and sample_pairs([], 6, key="p") == []


def test_zoo_assignment_spreads_problems_over_models():
    problems = [f"stencil/heat_1d/v{i}" for i in range(400)]
    counts = Counter(assigned_model(p, 4, seed=0) for p in problems)
    assert set(counts) == {0, 1, 2, 3} and min(counts.values()) > 70  # about 100 each
    assert [assigned_model(p, 4) for p in problems[:20]] == [assigned_model(p, 4) for p in problems[:20]]
    assert any(assigned_model(p, 4, seed=1) != assigned_model(p, 4, seed=0) for p in problems[:20])


def _implementer_cls():
    from distilabel.models.llms.base import LLM

    class Implementer(LLM):
        """Writes the k implementations the implement prompt asks for (test-only)."""

        label: str = "m"

        def load(self) -> None:
            super().load()

        @property
        def model_name(self) -> str:
            return self.label

        def generate(self, inputs, num_generations: int = 1, **kwargs):
            out = []
            for conv in inputs:
                k = int(conv[-1]["content"].split("Write ", 1)[1].split(" ", 1)[0])
                text = "".join(f"<implementation_{n}>\nStrategy: s{n}\n```c\nint f{n};\n```\n</implementation_{n}>\n"
                               for n in range(1, k + 1))
                out.append({"generations": [text] * num_generations, "statistics": {}})
            return out

    return Implementer


def test_candidate_steps_write_four_per_problem_across_the_zoo():
    from pcwm.pipelines.steps import CandidateGeneration
    from pcwm.pipelines.steps.seeds import load_rows

    rows = load_rows(limit=12)
    zoo = ["llama70b", "llama8b", "gemma27b", "phi4"]
    cls = _implementer_cls()
    per_problem: Counter = Counter()
    by_model: Counter = Counter()
    for i, key in enumerate(zoo):
        step = CandidateGeneration(name=f"c_{key}", llm=cls(label=key), k=4, zoo=zoo, zoo_index=i)
        step.load()
        for batch in step.process(rows):
            for r in batch:
                per_problem[r["problem_id"]] += 1
                by_model[r["generator"]] += 1
    assert set(per_problem) == {r["problem_id"] for r in rows} and set(per_problem.values()) == {4}
    assert len(by_model) >= 3  # the problems are spread over the zoo
    every = CandidateGeneration(name="c_all", llm=cls(label="llama8b"), k=4)  # per_model: every problem
    every.load()
    assert sum(len(b) for b in every.process(rows)) == 4 * len(rows)
