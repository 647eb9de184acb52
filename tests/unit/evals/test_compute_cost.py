"""The compute-cost table (TFLOPs per response ~ 2 x parameters x tokens, average response length, accuracy) from
stored DRB generations, and token counts stored per generation by a real local backend."""

from __future__ import annotations

import json
import time

import pytest

from pcwm.evals.scoring import score_dirs
from pcwm.evals.store import SuiteStore
from pcwm.evals.tasks import dataracebench as suite_drb
from pcwm.worldmodel.outcomes import render_tsan_answer

ITEMS = [{"item_id": "A.c", "drb_id": 1, "has_race": True, "clean": True, "excluded_reason": None, "plabels": [],
          "annotated_pairs": []},
         {"item_id": "B.c", "drb_id": 2, "has_race": False, "clean": True, "excluded_reason": None, "plabels": [],
          "annotated_pairs": []}]
RACE = render_tsan_answer([{"type": "read/write race", "code_locations": ["generated.c:3"]}])
NONE = render_tsan_answer([])


def _rows(model, texts, tokens, params=None):
    out = []
    for (item, s, text), (p, c) in zip(texts, tokens, strict=True):
        out.append({"model": model, "revision": "r", "suite": "drb", "suite_hash": "h", "prompt_hash": "p",
                    "created_at": time.time(), "item_id": item, "sample": s, "completion": text,
                    "prompt_tokens": p, "completion_tokens": c, "model_params": params,
                    **suite_drb.parse_prediction(text)})
    return out


def test_compute_sql_gives_tflops_length_and_accuracy(tmp_path):
    store = SuiteStore(tmp_path, "drb")
    store.write_items(ITEMS, suite_drb.ITEM_SCHEMA)
    (store.dir / "suite.json").write_text(json.dumps({"name": "drb", "kind": "dataracebench"}))
    texts = [("A.c", 0, RACE), ("A.c", 1, NONE), ("B.c", 0, NONE), ("B.c", 1, NONE)]
    store.append("hf:x/Qwen2.5-7B-Instruct-tsan", _rows("hf:x/Qwen2.5-7B-Instruct-tsan", texts,
                                                        [(1000, 3000), (1000, 5000), (800, 4000), (800, 4000)]),
                 suite_drb.GEN_SCHEMA)
    store.append("tiny", _rows("tiny", texts, [(10, 20)] * 4, params=4_000_000), suite_drb.GEN_SCHEMA)
    rows = {r["model"]: r for r in score_dirs([store.dir])["drb_compute"]}
    q = rows["hf:x/Qwen2.5-7B-Instruct-tsan"]
    assert q["params"] == 7e9 and q["avg_response_tokens"] == 4000 and q["counted"] == 4
    assert q["tflops_per_response"] == pytest.approx(2 * 7e9 * 4900 / 1e12)  # 68.6
    assert q["tflops_generated"] == pytest.approx(2 * 7e9 * 4000 / 1e12)
    assert q["accuracy"] == pytest.approx((0.5 + 1.0) / 2)
    t = rows["tiny"]
    assert t["params"] == 4e6 and t["tflops_per_response"] == pytest.approx(2 * 4e6 * 30 / 1e12)


def test_local_backend_stores_token_counts(tmp_path):
    from pcwm.evals.run import generate_rows
    from pcwm.evals.tasks.base import Sampling
    from pcwm.models import make_model

    gen = make_model("tiny", threads=1)
    store = SuiteStore(tmp_path, "drb")
    prompts = [suite_drb.Prompt(messages=[{"role": "user", "content": "Is `x += 1` in a parallel loop racy?"}],
                                meta={"item_id": "A.c"})]
    generate_rows(store, gen, prompts, Sampling(n=2, temperature=0.9, max_tokens=12), lambda p, t: {},
                  suite_drb.GEN_SCHEMA, suite_hash="h")
    rows = store.read(gen.name)
    assert len(rows) == 2 and gen.model_params > 0
    for r in rows:
        assert r["prompt_tokens"] > 5 and 1 <= r["completion_tokens"] <= 12 and r["model_params"] == gen.model_params
