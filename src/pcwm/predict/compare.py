"""Prediction vs truth: run the real tool through the sandbox and line it up with a world model's prediction.

TSan truth is `pcwm.sandbox.run_tsan` (cached by content); work-% truth is `pcwm.sandbox.profiler.profile_program`.
A snippet that does not compile has truth `compile_error` (no verdict); a failure of the sandbox itself is
`sandbox_error` and never compared.
"""

from __future__ import annotations

import re
import statistics

from pcwm.predict.aggregate import race_key
from pcwm.sandbox.candidate import candidate_file, language_of, program_for


def sandbox_name(pred) -> str:
    """The file name the sandbox compiles: the caller's when it has a C/C++ suffix, else generated.c/.cpp."""
    return candidate_file(pred.lang, pred.file_name)


def tsan_truth(code: str, pred, *, threads: tuple[int, ...] = (4, 8, 2), timeout_s: float = 30.0,
               use_cache: bool = True):
    """The sandbox's TSan result (SandboxResult) for the code of prediction `pred` (cached by content)."""
    from pcwm.sandbox import RunPlan, run_tsan
    from pcwm.sandbox.cache import ResultCache

    plan = RunPlan(threads=tuple(threads), timeout_s=timeout_s)
    name = sandbox_name(pred)
    cache = ResultCache() if use_cache else None
    return run_tsan(program_for(code, pred.lang, name=name, path=name), plan, cache=cache)


def truth_verdict(status: str) -> str | None:
    """race | no race (TSan ran and reported none) | None (no verdict: did not compile, or the sandbox failed)."""
    if status == "race":
        return "race"
    return None if status in ("compile_error", "sandbox_error", "tampered") else "no race"


def compare_tsan(pred, result) -> dict:
    """Truth, per-location rows (predicted vote share vs found by TSan) and agreement figures."""
    rename = {sandbox_name(pred): pred.file_name}
    truth_races = [{"type": r["type"], "code_locations": list(race_key(r, rename))} for r in result.outcome_json()]
    found = {tuple(r["code_locations"]): r["type"] for r in truth_races}
    predicted = {tuple(r.code_locations): r for r in pred.race_votes}
    consensus = {tuple(r.code_locations) for r in pred.races}
    rows = []
    for key in list(predicted) + [k for k in found if k not in predicted]:
        p = predicted.get(key)
        rows.append({"code_locations": list(key), "predicted_type": p.type if p else None,
                     "vote_share": p.share if p else 0.0, "in_prediction": key in consensus,
                     "found": key in found, "found_type": found.get(key)})
    verdict = truth_verdict(result.status.value)
    matched = len(consensus & set(found))
    agreement = {
        "verdict_match": None if verdict is None or pred.verdict is None else verdict == pred.verdict,
        "predicted_locations": len(consensus), "found_locations": len(found), "matched_locations": matched,
        "location_precision": matched / len(consensus) if consensus else None,
        "location_recall": matched / len(found) if found else None,
    }
    truth = {"status": result.status.value, "verdict": verdict, "races": truth_races,
             "threads": [r.threads for r in result.runs], "compile_stderr": _tail(result.compile_stderr),
             "error": result.error}
    return {"truth": truth, "rows": rows, "agreement": agreement}


def workpct_truth(code: str, file_name: str, *, threads: tuple[int, ...], repeats: int = 3,
                  backend: str = "auto", timeout_s: float = 120.0):
    """The profiler's WorkPctOutcome for `code` saved as `file_name` (a .c or C++ name)."""
    from pcwm.sandbox.cache import ProfileCache
    from pcwm.sandbox.profiler import profile_program

    program = program_for(code, language_of(file_name), name=file_name, path=file_name)
    return profile_program(program, threads=tuple(threads), repeats=repeats, backend=backend, timeout_s=timeout_s,
                           cache=ProfileCache())


def compare_workpct(regions, outcome, threads: list[int]) -> dict:
    """Per predicted region: the measured region holding its line (else the one at the same position)."""
    measured = [r for r in outcome.regions if r.line_start is not None]
    rows, errors = [], []
    for i, reg in enumerate(regions):
        m = _match_region(reg, i, measured)
        row = {"line": reg.line, "snippet_head": _head(reg.snippet), "measured_lines": None, "per_threads": {}}
        if m is not None:
            row["measured_lines"] = [m.line_start, m.line_end]
        for t in threads:
            stats = m.by_threads.get(t) if m is not None else None
            meas = stats.median if stats else None
            pr = reg.work_pct.get(t)
            row["per_threads"][t] = {"predicted": pr, "measured": meas,
                                     "oversubscribed": stats.oversubscribed if stats else None}
            if pr is not None and meas is not None:
                errors.append(abs(pr - meas))
        rows.append(row)
    unmatched = [[r.line_start, r.line_end] for r in measured
                 if not any(row["measured_lines"] == [r.line_start, r.line_end] for row in rows)]
    truth = {"status": outcome.status, "backend": outcome.backend, "regions": [
        {"lines": [r.line_start, r.line_end], "work_pct": {t: s.median for t, s in r.by_threads.items()}}
        for r in measured], "host_cores": outcome.host.available_cores,
        "compile_stderr": _tail(outcome.compile_stderr), "error": outcome.error}
    agreement = {"mean_abs_error": statistics.mean(errors) if errors else None, "compared_values": len(errors),
                 "measured_regions_not_predicted": unmatched}
    return {"truth": truth, "rows": rows, "agreement": agreement}


def compare(pred, code: str, other: str | None = None, *, threads: tuple[int, ...] = (4, 16, 64, 128),
            repeats: int = 3) -> dict:
    """`pred` next to what the real tool reports for `code` (and `other`, the --vs implementation, for work %):
    {"truth": {"status", ...}, ...}; a sandbox error on either program makes truth.status "sandbox_error"."""
    if pred.tool == "tsan":
        return compare_tsan(pred, tsan_truth(code, pred))
    counts = list(threads)
    out_a = workpct_truth(code, sandbox_name(pred), threads=threads, repeats=repeats)
    result = compare_workpct(pred.regions, out_a, counts)
    if other is not None:
        out_b = workpct_truth(other, "vs_" + pred.shown_name, threads=threads, repeats=repeats)
        result["vs"] = compare_workpct(pred.regions_vs, out_b, counts)
        result["rank_agreement"] = rank_agreement(pred.regions, pred.regions_vs, out_a, out_b, counts)
        if out_b.status == "sandbox_error":
            result["truth"]["status"] = "sandbox_error"
    return result


def rank_agreement(pred_a, pred_b, out_a, out_b, threads: list[int]) -> dict[int, bool | None]:
    """Per thread count: does the predicted order of the two codes' mean work % match the measured order?"""
    res: dict[int, bool | None] = {}
    for t in threads:
        pa, pb = _mean([r.work_pct.get(t) for r in pred_a]), _mean([r.work_pct.get(t) for r in pred_b])
        ma = _mean([r.by_threads[t].median for r in out_a.regions if t in r.by_threads])
        mb = _mean([r.by_threads[t].median for r in out_b.regions if t in r.by_threads])
        res[t] = None if None in (pa, pb, ma, mb) or ma == mb else (pa > pb) == (ma > mb)
    return res


def _mean(values) -> float | None:
    vals = [v for v in values if v is not None]
    return sum(vals) / len(vals) if vals else None


def _match_region(reg, index: int, measured):
    if reg.line is not None:
        for m in measured:
            if m.line_start <= reg.line <= (m.line_end or m.line_start):
                return m
        return None
    return measured[index] if index < len(measured) else None


def _head(snippet: str) -> str:
    return next((ln.strip() for ln in snippet.splitlines() if ln.strip()), "")


def _tail(text: str, n: int = 2000) -> str:
    text = re.sub(r"\s+$", "", text or "")
    return text[-n:]
