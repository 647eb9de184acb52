"""The racefix suite: one pass of the paper's race-fixing loop on racy DataRaceBench programs.

For each program and feedback source: feedback (none | self: the actor's own race prediction | oracle: the sandbox's
TSan report | world_model: a world model's full response, reasoning and answer) -> edit proposal
(actor, `edit_template`) -> apply (actor, `apply_template`, replies with the whole file) -> the sandbox compiles the
new file and runs it under TSan. A program counts as fixed when it compiles and TSan reports no race (and, with
`require_parallel`, it still has an OpenMP pragma).

Generation columns (one row per attempt): run.COMMON_FIELDS (completion = the apply reply; prompt_hash = the edit
prompt's) + feedback, world_model, feedback_text, edit_text, fixed_code, extracted, status, compiles, race_free,
still_parallel, fixed. Items: the same table as the dataracebench suite.
"""

from __future__ import annotations

import re
import time

import pyarrow as pa

from pcwm.evals.run import COMMON_FIELDS
from pcwm.evals.suite_drb import ITEM_SCHEMA, SHOWN_NAME, item_rows, program_prompt, select
from pcwm.evals.tasks import TASK_TEMPLATES
from pcwm.worldmodel.prompts import TEMPLATES, Prompt, extract_code, user_prompt

GEN_SCHEMA = pa.schema([
    *COMMON_FIELDS,
    pa.field("feedback", pa.string()),
    pa.field("world_model", pa.string()),
    pa.field("feedback_text", pa.string()),
    pa.field("edit_text", pa.string()),
    pa.field("fixed_code", pa.string()),
    pa.field("extracted", pa.bool_()),
    pa.field("status", pa.string()),
    pa.field("compiles", pa.bool_()),
    pa.field("race_free", pa.bool_()),
    pa.field("still_parallel", pa.bool_()),
    pa.field("fixed", pa.bool_()),
])
FEEDBACK_INTRO = "An analysis of this code for data races (ThreadSanitizer's view) says:"
_OMP = re.compile(r"#\s*pragma\s+omp\b")


def feedback_texts(source: str, prompts: list[Prompt], actor, world_model, oracle, sampling) -> list[str]:
    """The feedback each program gets from one source."""
    if source == "none":
        return [""] * len(prompts)
    if source == "oracle":
        return oracle.tsan_answers(prompts)
    model = actor if source == "self" else world_model
    outs = model.generate(prompts, n=1, temperature=sampling.temperature, top_p=sampling.top_p,
                          max_tokens=sampling.max_tokens)
    return [o[0] for o in outs]


def _actor_prompt(template: str, task: str, base: Prompt, **variables) -> Prompt:
    meta = {**base.meta, "task": task, **{k: v for k, v in variables.items() if k in ("feedback", "edit")}}
    lang = meta["lang"]
    return user_prompt(template, meta, search=(TEMPLATES, TASK_TEMPLATES), code=meta["shown_source"].rstrip("\n"),
                       file_name=SHOWN_NAME[lang],
                       lang=lang, **variables)


def attempt_rows(suite, actor, batch: list[Prompt], feedback: list[str], source: str, wm_name: str) -> list[dict]:
    """Edit -> apply -> sandbox for a batch of programs; one row per (program, sample)."""
    from pcwm.evals.sandboxing import tsan_results

    s = suite.sampling
    edits = [_actor_prompt(suite.edit_template, "racefix_edit", p, feedback=fb, feedback_intro=FEEDBACK_INTRO)
             for p, fb in zip(batch, feedback, strict=True)]
    edit_outs = actor.generate(edits, n=s.n, temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens)
    attempts = [(p, fb, e, k, text) for p, fb, e, outs in zip(batch, feedback, edits, edit_outs, strict=True)
                for k, text in enumerate(outs)]
    applies = [_actor_prompt(suite.apply_template, "racefix_apply", p, edit=text) for p, _, _, _, text in attempts]
    apply_outs = actor.generate(applies, n=1, temperature=s.temperature, top_p=s.top_p, max_tokens=s.max_tokens)
    codes = [extract_code(o[0], p.meta["lang"]) for (p, *_), o in zip(attempts, apply_outs, strict=True)]
    to_check = [i for i, c in enumerate(codes) if c is not None]
    results = tsan_results([attempts[i][0].meta for i in to_check], suite.sandbox, [codes[i] for i in to_check])
    by_index = dict(zip(to_check, results, strict=True))
    rows = []
    for i, ((p, fb, e, k, edit_text), out) in enumerate(zip(attempts, apply_outs, strict=True)):
        res = by_index.get(i)
        if res is not None and res.status.value == "sandbox_error":
            raise RuntimeError(f"racefix: the sandbox failed on {p.meta['item_id']}: {res.error}")
        status = res.status.value if res is not None else "no_code"
        parallel = bool(codes[i] and _OMP.search(codes[i]))
        race_free = status == "ok"
        rows.append({
            "model": actor.name, "revision": actor.revision, "item_id": p.meta["item_id"], "prompt_hash": e.hash,
            "sample": k, "completion": out[0], "created_at": time.time(), "feedback": source,
            "world_model": wm_name, "feedback_text": fb, "edit_text": edit_text, "fixed_code": codes[i],
            "extracted": codes[i] is not None, "status": status,
            "compiles": res is not None and status != "compile_error", "race_free": race_free,
            "still_parallel": parallel, "fixed": race_free and (parallel or not suite.require_parallel),
        })
    return rows


def run(suite, gen, store, *, data_dir=None, batch: int = 8, on_progress=None, suite_hash: str = "",
        world_models=None) -> int:
    """Runs every (feedback source, program, sample) not stored yet for actor `gen`; returns new rows."""
    from pcwm.evals.backends import make_generator
    from pcwm.evals.baselines import OracleBaseline
    from pcwm.evals.drb import load_programs

    programs = select(load_programs(data_dir), suite.programs.subset, suite.programs.ids, suite.programs.limit)
    if not programs:
        raise ValueError(f"suite {suite.name}: the program selection {suite.programs} is empty")
    store.write_items(item_rows(programs), ITEM_SCHEMA)
    prompts = [program_prompt(suite.feedback_template, p, suite.strip_comments, task="racefix_feedback")
               for p in programs]
    wms = world_models if world_models is not None else [make_generator(s) for s in suite.world_models]
    sources = [(f, None) for f in suite.feedback if f != "world_model"]
    if "world_model" in suite.feedback:
        sources += [("world_model", wm) for wm in wms]
    oracle = OracleBaseline(tsan=suite.sandbox)
    done = store.done(gen.name, ["item_id", "feedback", "world_model", "sample"])
    written = 0
    for source, wm in sources:
        wm_name = wm.name if wm is not None else ""
        todo = [p for p in prompts
                if any((p.meta["item_id"], source, wm_name, k) not in done for k in range(suite.sampling.n))]
        if on_progress:
            on_progress(len(prompts) - len(todo))
        for i in range(0, len(todo), batch):
            chunk = todo[i : i + batch]
            fb = feedback_texts(source, chunk, gen, wm, oracle, suite.feedback_sampling)
            rows = attempt_rows(suite, gen, chunk, fb, source, wm_name)
            for r in rows:
                r.update(suite=store.suite, suite_hash=suite_hash)
            store.append(gen.name, rows, GEN_SCHEMA)
            written += len(rows)
            if on_progress:
                on_progress(len(chunk))
    return written
