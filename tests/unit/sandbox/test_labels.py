"""Which sandbox statuses are labels: one definition, and every producer of rows follows it."""

from __future__ import annotations

import pytest

from pcwm.sandbox.result import LABEL_STATUSES, Race, SandboxResult, Status, is_label, race_label

NOT_LABELS = ["compile_error", "runtime_error", "timeout", "sandbox_error", "tampered"]


@pytest.mark.parametrize(("status", "label"), [("ok", "no race"), ("wrong_output", "no race"), ("race", "race")]
                         + [(s, None) for s in NOT_LABELS])
def test_race_label_of_each_status(status, label):
    assert race_label(status) == label
    assert is_label(status) is (label is not None)
    assert Status(status).is_label is (label is not None)


def test_unknown_and_missing_statuses_are_not_labels():
    assert not is_label(None)
    assert not is_label("exploded")
    assert race_label("exploded") is None


def test_every_status_is_classified():
    assert {s.value for s in LABEL_STATUSES} | set(NOT_LABELS) == {s.value for s in Status}


def test_producers_use_the_same_definition():
    from pcwm.data.build import LABEL_STATUSES as build_statuses
    from pcwm.problems.candidates import actual_label

    assert set(build_statuses) == {s.value for s in LABEL_STATUSES}
    for s in Status:
        assert actual_label(s.value) == race_label(s.value)


def test_only_sandbox_failures_and_tampering_are_kept_out_of_the_cache():
    uncached = {Status.SANDBOX_ERROR, Status.TAMPERED}
    assert not any(s.is_cacheable for s in uncached)
    assert all(s.is_cacheable for s in Status if s not in uncached)


def _result(status: str) -> SandboxResult:
    return SandboxResult(path="x", status=Status(status), stage="run" if status != "compile_error" else "compile")


def _candidate(name: str):
    from pcwm.problems.candidates import Candidate

    return Candidate(id=f"dom/seed/impl/{name}", seed="dom/seed", parent="dom/seed/impl", operator="original",
                     kind="original", expected="no race", line=None, description="", language="c",
                     file_name="generated.c", source=f"int main(void) {{ return 0; }} /* {name} */\n")


def test_smoke_data_never_labels_a_timeout_or_a_compile_error(tmp_path):
    from pcwm.train.smoke_data import build_rows, smoke_record

    records = []
    for status in ("ok", "timeout", "compile_error", "runtime_error", "race"):
        res = _result(status)
        if status == "race":
            res.races.append(Race(type="read/write race", locations=["generated.c:1"]))
        records.append(smoke_record(_candidate(status), res.to_dict()))
    rows = build_rows(records, tmp_path)
    assert sorted(r["provenance"]["sandbox_status"] for r in rows) == ["ok", "race"]
    assert [r["has_race"] for r in rows if r["provenance"]["sandbox_status"] == "race"] == [True]


def test_smoke_data_stops_on_a_sandbox_error(tmp_path, monkeypatch):
    from pcwm.train import smoke_data

    def sandbox_fails(cands, bank, store, **kw):  # what the engine does when the sandbox itself fails
        store.errors.extend(c.id for c in cands)
        return []

    monkeypatch.setattr(smoke_data, "run_candidates", sandbox_fails)
    with pytest.raises(RuntimeError, match="sandbox error on dom/seed/impl/a"):
        smoke_data.label([_candidate("a")], tmp_path / "store")
