"""distilabel's private parts are touched in pcwm.pipelines.compat only, and its patches hold on the pinned version."""

from __future__ import annotations

import re
from pathlib import Path

import pcwm

SRC = Path(pcwm.__file__).resolve().parent
# distilabel privates pcwm relies on (see compat.py's docstring); a new one belongs in compat.py as well
PRIVATE = re.compile(r"\b(_stop|_cache_dir|_manage_batch_flow|_generations_from_openai_completion|"
                     r"_get_llm_statistics|_get_logprobs_from_chat_completion_choice|_EXCLUDE_FROM_SIGNATURE\w*)\b")


def test_distilabel_privates_only_in_compat():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "compat.py" and path.parent.name == "pipelines":
            continue
        text = path.read_text()
        if "distilabel" not in text and "pipeline" not in text:
            continue
        for n, line in enumerate(text.splitlines(), 1):
            if PRIVATE.search(line) and "self._stop" not in line:  # sandbox/channel.py's own Event
                offenders.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_cache_dir_and_signature_patches_on_a_real_pipeline(tmp_path, monkeypatch):
    from distilabel.pipeline import Pipeline
    from distilabel.steps import LoadDataFromDicts

    from pcwm.pipelines.compat import exclude_from_signature, pipeline_cache_dir
    from pcwm.pipelines.steps import Sandbox

    monkeypatch.setenv("DISTILABEL_CACHE_DIR", str(tmp_path))
    with Pipeline(name="compat-check") as pipeline:
        LoadDataFromDicts(data=[{"x": 1}])
    assert Path(pipeline_cache_dir(pipeline)).is_relative_to(tmp_path)
    # on_graceful_stop is exercised by test_resume.py, which stops real runs with SIGINT and SIGTERM
    assert {"jobs", "exclude_from_signature"} <= exclude_from_signature("jobs")
    a, b = Sandbox(name="a", jobs=1), Sandbox(name="a", jobs=4)
    assert a.signature == b.signature  # worker counts do not change the cache key of a step's batches
    assert Sandbox(name="a", threads=[2]).signature != a.signature
