"""Caliper's three output formats, parsed from the real fixtures (numbers pinned from the files)."""

from __future__ import annotations

import pytest

from pcwm.sandbox import caliper as cali

PROGRAMS = ("good_for", "imbalance", "critical", "tiny")
THREADS = (4, 16, 64, 128)
PATHS = {
    "good_for": {"good_for"},
    "imbalance": {"imbalance"},
    "critical": {"critical"},
    "tiny": {"tiny_regions", "nested"},
}


@pytest.fixture
def fixtures(shared_data):
    return shared_data / "caliper-fixtures"


@pytest.mark.parametrize("program", PROGRAMS)
@pytest.mark.parametrize("threads", THREADS)
def test_every_fixture_parses(fixtures, program, threads):
    stem = f"{program}_T{threads}"
    for f in [f"{stem}.openmp-report.txt", *(f"{stem}_r{k}.openmp-report.txt" for k in (1, 2, 3))]:
        rows = cali.parse_openmp_report((fixtures / f).read_text())
        assert {r.path for r in rows} == PATHS[program], f
        for r in rows:
            assert r.threads == threads
            assert r.work_pct + r.barrier_pct == pytest.approx(100.0, abs=1e-4)
            assert 0.0 <= r.work_pct <= 100.0
    rows = cali.parse_profile_json((fixtures / f"{stem}.profile.json").read_text())
    assert {r.path for r in rows} == PATHS[program]
    regions = cali.parse_threads_cali(fixtures / f"{stem}.threads.cali")
    assert set(regions) == PATHS[program]
    for region in regions.values():
        assert region.team_size == threads
        assert region.work_pct is not None and 0.0 <= region.work_pct <= 100.0


def test_openmp_report_pinned(fixtures):
    (row,) = cali.parse_openmp_report((fixtures / "good_for_T4.openmp-report.txt").read_text())
    assert (row.path, row.threads, row.depth) == ("good_for", 4, 0)
    assert row.time_thread == 0.633671
    assert row.time_total == 2.524634
    assert row.work_pct == 73.698243
    assert row.barrier_pct == 26.301757
    assert row.time_work == 1.760033
    assert row.time_barrier == 0.628128
    r3 = cali.parse_openmp_report((fixtures / "critical_T4_r3.openmp-report.txt").read_text())
    assert r3[0].work_pct == 82.854633
    tiny = cali.parse_openmp_report((fixtures / "tiny_T16_r2.openmp-report.txt").read_text())
    assert [(r.path, r.work_pct) for r in tiny] == [("nested", 3.110099), ("tiny_regions", 0.178662)]


def test_profile_json_pinned(fixtures):
    rows = cali.parse_profile_json((fixtures / "tiny_T4.profile.json").read_text())
    assert [(r.path, r.work_pct, r.time_work, r.time_barrier) for r in rows] == [
        ("tiny_regions", 6.361953, 0.019139, 0.281701),
        ("nested", 11.066675, 0.013278, 0.106706),
    ]
    assert rows[0].time_total == 0.357678
    (row,) = cali.parse_profile_json((fixtures / "critical_T128.profile.json").read_text())
    assert (row.work_pct, row.time_work, row.time_barrier) == (90.978399, 329.185089, 32.642654)
    run = row.to_region_run()
    assert (run.key, run.work_s, run.sync_s, run.work_pct) == ("critical", 329.185089, 32.642654, 90.978399)


def test_threads_cali_pinned(fixtures):
    (region,) = cali.parse_threads_cali(fixtures / "imbalance_T4.threads.cali").values()
    by_id = {t["thread_id"]: t for t in region.threads}
    assert list(by_id) == ["0", "1", "2", "3"]
    assert by_id["0"]["type"] == "initial" and by_id["3"]["type"] == "worker"
    assert (by_id["0"]["work_s"], by_id["0"]["sync_s"]) == (0.00621446, 0.465361)
    assert (by_id["3"]["work_s"], by_id["3"]["sync_s"]) == (0.13495, 0.326009)
    # Caliper's own definition over its per-thread records reproduces the profile.json of the same program
    assert region.work_s == pytest.approx(0.25739536, abs=1e-9)
    assert region.sync_s == pytest.approx(1.583492, abs=1e-9)
    assert region.work_pct == pytest.approx(13.982135, abs=1e-5)
    (profile,) = cali.parse_profile_json((fixtures / "imbalance_T4.profile.json").read_text())
    assert region.work_pct == pytest.approx(profile.work_pct, abs=0.01)


def test_threads_cali_nested_thread_ids(fixtures):
    regions = cali.parse_threads_cali(fixtures / "tiny_T4.threads.cali")
    assert [t["thread_id"] for t in regions["nested"].threads] == ["0", "0/0", "1", "1/0", "2", "3"]
    assert regions["nested"].work_s == pytest.approx(0.0133185, abs=1e-9)
    assert len(regions["tiny_regions"].threads) == 4


def test_report_header_is_checked():
    with pytest.raises(ValueError):
        cali.parse_openmp_report("good_for 4 1 2 3 4 5 6\n")


def test_annotation_spans(fixtures):
    src = (fixtures / "programs" / "tiny.cpp").read_text()
    assert cali.annotation_spans(src) == {"tiny_regions": (11, 14), "nested": (21, 28)}
    assert cali.annotation_spans('CALI_MARK_BEGIN("a");\nx();\nCALI_MARK_END("a");\n') == {"a": (2, 2)}
    # region.h's macro definitions are not marks
    assert cali.annotation_spans((fixtures / "programs" / "region.h").read_text()) == {}


def test_caliper_run_config(monkeypatch, tmp_path):
    prefix = tmp_path / "cali"
    (prefix / "include" / "caliper").mkdir(parents=True)
    (prefix / "include" / "caliper" / "cali.h").write_text("")
    monkeypatch.setenv("PCWM_CALIPER_PREFIX", str(prefix))
    install = cali.find_caliper()
    assert install is not None and install.prefix == prefix
    env = install.run_env(16, "out.json")
    assert env == {
        "CALI_USE_OMPT": "1",
        "CALI_CALIPER_ATTRIBUTE_DEFAULT_SCOPE": "process",
        "OMP_NUM_THREADS": "16",
        "CALI_CONFIG": "runtime-profile(openmp.times,openmp.efficiency,output=out.json,output.format=json)",
    }
    assert "-DWITH_CALI" in install.compile_flags() and "-lcaliper" in install.compile_flags()
    monkeypatch.setenv("PCWM_CALIPER_PREFIX", str(tmp_path / "nowhere"))
    assert cali.find_caliper() is None
