"""The pareval_caliper suite on one real ParEval problem: candidates are built into ParEval's driver, only the ones
that compile and validate are kept, pairs are profiled and scored, and the saved pair set is reused."""

from __future__ import annotations

import json

import pytest

from pcwm.evals.pareval import candidate_from_response, load_problems
from pcwm.evals.run import run_suite
from pcwm.evals.scoring import score_dirs
from pcwm.evals.tasks.base import ProfileSpec, Sampling
from pcwm.evals.tasks.pareval_caliper import ParEvalCaliperSuite, SolutionSpec, bucket, pair_items
from pcwm.models import make_model

REDUCTION = """#include <omp.h>
double average(std::vector<double> const& x) {
  double sum = 0.0;
#pragma omp parallel for reduction(+ : sum)
  for (size_t i = 0; i < x.size(); i++) sum += x[i];
  return sum / x.size();
}
"""
CRITICAL = REDUCTION.replace("#pragma omp parallel for reduction(+ : sum)\n  for (size_t i = 0; i < x.size(); i++) "
                             "sum += x[i];",
                             "#pragma omp parallel for\n  for (size_t i = 0; i < x.size(); i++) {\n"
                             "#pragma omp critical\n    sum += x[i];\n  }")
WRONG = REDUCTION.replace("return sum / x.size();", "return sum;")
BROKEN = REDUCTION.replace("double sum = 0.0;", "double sum = 0.0")


def test_buckets_and_ties():
    assert [bucket(g, [10, 20, 30, 40])[0] for g in (0, 9.9, 10, 25, 39, 40, 80)] == \
        ["<10", "<10", "10-20", "20-30", "30-40", ">40", ">40"]
    pair = {"item_id": "p:a|b", "problem": "p", "a": {"solution_id": "a", "work": {4: 90.0, 16: 50.0}},
            "b": {"solution_id": "b", "work": {4: 70.0, 16: 50.3}}}
    rows = pair_items([pair], [4, 16], 0.5, [10, 20, 30, 40])
    assert [(r["threads"], r["gap_bucket"], r["tie"]) for r in rows] == [(4, "20-30", False), (16, "<10", True)]


def test_candidate_extraction(bench):
    prob = load_problems(bench("pareval"))["27_reduce_average"]
    assert prob.function_name == "average"
    code = candidate_from_response(prob, "Sure:\n```cpp\n" + REDUCTION.replace("#include <omp.h>\n", "") + "```")
    assert code.startswith("#include <omp.h>") and "average(" in code
    assert candidate_from_response(prob, "```cpp\nint main() { return average({}); }\n```") is None
    assert candidate_from_response(prob, "no code") is None


@pytest.mark.needs_data("pareval")
def test_pair_set_keeps_only_valid_solutions_and_is_reused(tmp_path, bench):
    sols = tmp_path / "solutions.jsonl"
    sols.write_text("".join(json.dumps({"problem": "27_reduce_average", "solution_id": k, "source": s}) + "\n"
                            for k, s in (("reduction", REDUCTION), ("critical", CRITICAL), ("wrong", WRONG),
                                         ("broken", BROKEN))))
    suite = ParEvalCaliperSuite(
        name="cal-test", problems=["27_reduce_average"], solutions=SolutionSpec(file=str(sols)),
        profile=ProfileSpec(threads=[2, 4], repeats=1, backend="ompt", default_problem_size="(1<<16)",
                            iterations=1, timeout_s=60),
        sampling=Sampling(n=2, max_tokens=16))
    oracle = make_model("baseline:oracle", profile=suite.profile)
    assert run_suite(suite, oracle, tmp_path, confirm_unsafe=True) == 2  # one pair, two samples
    pairs_dir = tmp_path / "cal-test" / "pairs"
    kept = [json.loads(x)["solution_id"] for x in (pairs_dir / "solutions.jsonl").read_text().splitlines()]
    assert sorted(kept) == ["critical", "reduction"]
    from pcwm.evals.pairs import profile_summary
    from pcwm.evals.store import SuiteStore

    status = {r["solution_id"]: (r["status"], r["valid"]) for r in profile_summary(SuiteStore(tmp_path, "cal-test"))}
    assert status["wrong"] == ("wrong_output", False) and status["broken"][0] == "compile_error"
    tiny = make_model("tiny", threads=1)
    assert run_suite(suite, tiny, tmp_path, confirm_unsafe=True) == 2  # no re-profiling: pairs reused
    assert len(status) == len(profile_summary(SuiteStore(tmp_path, "cal-test")))
    rank = {(r["model"], r["threads"]): r for r in score_dirs([tmp_path / "cal-test"])["caliper_ranking"]}
    assert rank[("tiny", "avg")]["accuracy"] in (0.0, None)  # the tiny model cannot write the answer format
    assert rank[("baseline:oracle", "2")]["pairs"] + rank[("baseline:oracle", "2")]["ties"] == 1
    # another results folder scores other models on the same pairs without profiling
    other = tmp_path / "other"
    assert run_suite(suite, make_model("tiny", threads=1), other, confirm_unsafe=True,
                     pairs_from=tmp_path / "cal-test") == 2


@pytest.mark.slow
def test_subset_suite_profiles_all_handwritten_solutions(tmp_path):
    from pcwm.evals.suites import load_suite

    suite = load_suite("pareval_caliper-subset", {"profile": {"repeats": 1}, "sampling": {"n": 1}})
    run_suite(suite, make_model("baseline:oracle", profile=suite.profile), tmp_path, confirm_unsafe=True)
    rank = {r["threads"]: r for r in score_dirs([tmp_path / suite.name])["caliper_ranking"]}
    assert rank["avg"]["pairs"] + rank["avg"]["ties"] == 18 * 4
