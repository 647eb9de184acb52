"""Shared setup for the pipeline tests: a private distilabel cache, one thread per process, a test-only teacher."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():  # distilabel's own models emit pydantic Field() warnings when first imported
    warnings.simplefilter("ignore")
    import distilabel.models.llms  # noqa: F401
    import distilabel.pipeline  # noqa: F401
    import distilabel.steps.tasks  # noqa: F401

    import pcwm.models.llms  # noqa: F401
    import pcwm.pipelines.builders  # noqa: F401



@pytest.fixture(autouse=True)
def _pipeline_env(tmp_path, monkeypatch):
    monkeypatch.setenv("DISTILABEL_CACHE_DIR", str(tmp_path / "distilabel"))
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("TOKENIZERS_PARALLELISM", "false")
    yield


def pytest_collection_modifyitems(config, items):
    here = str(Path(__file__).parent)
    for item in items:
        if str(item.fspath).startswith(here):  # distilabel's own models emit pydantic Field() warnings
            item.add_marker(pytest.mark.filterwarnings("ignore:The 'default' attribute:UserWarning"))


@pytest.fixture(scope="session")
def echo_teacher_cls():
    """A test-only LLM that answers with the <answer> block its prompt spells out (no model here can do that).

    `wrong=True` changes the answer, `think=False` leaves out the think block. Only the acceptance check of the CoT
    steps is under test with it; the real LLM path is tested with the tiny model and the loopback server.
    """
    from distilabel.models.llms.base import LLM

    from pcwm.worldmodel import outcomes

    class EchoTeacher(LLM):
        wrong: bool = False
        think: bool = True

        def load(self) -> None:
            super().load()

        @property
        def model_name(self) -> str:
            return "echo-teacher"

        def generate(self, inputs, num_generations: int = 1, **kwargs):
            out = []
            for conv in inputs:
                answer = outcomes.answer_block(conv[-1]["content"]) or ""
                if self.wrong:
                    answer = answer.replace("generated.c", "other.c").replace("[]", '[{"type": "write/write race", '
                                                                             '"code_locations": ["generated.c:1"]}]')
                text = ("<think>\nLine by line, the loop updates shared data.\n</think>\n" if self.think else "")
                text += f"<answer>\n{answer}\n</answer>"
                out.append({"generations": [text] * num_generations,
                            "statistics": {"input_tokens": [1] * num_generations,
                                           "output_tokens": [1] * num_generations}})
            return out

    return EchoTeacher


@pytest.fixture(scope="session")
def axpy_rows():
    """The seed row of dense_linalg/axpy_norm (real bank data)."""
    from pcwm.pipelines.steps.seeds import load_rows

    return load_rows(ids=["dense_linalg/axpy_norm"])
