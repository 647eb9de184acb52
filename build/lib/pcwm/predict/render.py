"""Terminal rendering of a prediction (and of prediction vs truth) with rich: what `pcwm predict` prints."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table


def render(console: Console, pred, code: str, comparison: dict | None = None, *, show_reasoning: bool = True) -> None:
    tokens = "" if pred.tokens is None else f" · {pred.prompt_tokens} prompt + {pred.tokens} completion tokens"
    console.print(f"[bold]{'ThreadSanitizer' if pred.tool == 'tsan' else 'Caliper work %'} prediction[/] for "
                  f"{escape(pred.file_name)} · model {escape(pred.model)} ({escape(pred.revision)}) · "
                  f"{pred.samples} sample(s) · {pred.latency_s:.2f} s{tokens}")
    if pred.model == "tiny":
        console.print("[dim]tiny is an untrained test model: its output is noise. Use --model hf:pcwm/<model>-<tool>"
                      " or openai:MODEL for real predictions.[/]")
    for w in pred.warnings:
        console.print(f"[yellow]warning:[/] {escape(w)}")
    if not pred.parsed_ok:
        console.print(f"[red bold]No parseable answer[/] in {pred.samples} sample(s); parse errors: "
                      f"{escape('; '.join(sorted({e for e in pred.parse_errors if e})))}")
    elif pred.tool == "tsan":
        _tsan(console, pred, code, comparison)
    else:
        _workpct(console, pred, comparison)
    if comparison is not None and not pred.parsed_ok:
        _truth_only(console, pred, comparison)
    if show_reasoning and pred.reasoning:
        console.print(Panel(escape(pred.reasoning[:6000]), title="reasoning", title_align="left", expand=False))


def _source_line(code: str, loc: str, file_name: str) -> str:
    file, _, line = loc.rpartition(":")
    lines = code.splitlines()
    if file == file_name and line.isdigit() and 1 <= int(line) <= len(lines):
        return lines[int(line) - 1].strip()
    return ""


def _locations_column(table: Table, locations: list[list[str]]) -> None:
    """A file:line column that is never cut or folded (a location is useless cut in half)."""
    width = max((len(x) for locs in locations for x in locs), default=9)
    table.add_column("location", no_wrap=True, min_width=width)


def _confidence(pred) -> str:
    parsed = pred.samples - pred.n_unparseable
    agree = round((pred.confidence or 0) * parsed)
    return (f"confidence {pred.confidence:.2f} ({agree} of {parsed} parseable sample(s) agree; "
            f"{pred.n_unparseable} unparseable)")


def _tsan(console: Console, pred, code: str, comparison: dict | None) -> None:
    colour = "red" if pred.verdict == "race" else "green"
    console.print(f"Verdict: [{colour} bold]{pred.verdict.upper()}[/] — {_confidence(pred)}")
    if comparison is not None:
        _tsan_compare(console, pred, code, comparison)
        return
    if not pred.race_votes:
        return
    table = Table(title="predicted races (bold: in the consensus)", title_justify="left")
    table.add_column("type", overflow="fold")
    _locations_column(table, [r.code_locations for r in pred.race_votes])
    table.add_column("code", overflow="fold")
    table.add_column("votes", no_wrap=True)
    parsed = pred.samples - pred.n_unparseable
    consensus = {tuple(r.code_locations) for r in pred.races}
    for r in pred.race_votes:
        style = "bold" if tuple(r.code_locations) in consensus else "dim"
        table.add_row(r.type, "\n".join(r.code_locations),
                      "\n".join(escape(_source_line(code, x, pred.file_name)) for x in r.code_locations),
                      f"{r.votes}/{parsed} ({r.share:.0%})", style=style)
    console.print(table)


def _tsan_compare(console: Console, pred, code: str, comparison: dict) -> None:
    truth, agr = comparison["truth"], comparison["agreement"]
    table = Table(title="prediction vs ThreadSanitizer", title_justify="left")
    _locations_column(table, [row["code_locations"] for row in comparison["rows"]] + [["verdict"]])
    for col in ("code", "prediction", "TSan (sandbox)"):
        table.add_column(col, overflow="fold")
    table.add_row("verdict", "", pred.verdict or "unparseable", _truth_status(truth))
    for row in comparison["rows"]:
        locs = row["code_locations"]
        said = f"{row['predicted_type']} ({row['vote_share']:.0%})" if row["predicted_type"] else "-"
        if row["predicted_type"] and not row["in_prediction"]:
            said += " [dim](minority)[/]"
        table.add_row("\n".join(locs), "\n".join(escape(_source_line(code, x, pred.file_name)) for x in locs), said,
                      row["found_type"] or "-")
    console.print(table)
    if agr["verdict_match"] is not None:
        console.print(f"verdict {'[green]matches[/]' if agr['verdict_match'] else '[red]differs[/]'}; locations: "
                      f"{agr['matched_locations']} of {agr['predicted_locations']} predicted found, "
                      f"{agr['matched_locations']} of {agr['found_locations']} found predicted")
    if truth["status"] == "compile_error" and truth["compile_stderr"]:
        console.print(f"[dim]compiler: {escape(truth['compile_stderr'][-600:])}[/]")


def _truth_status(truth: dict) -> str:
    status = truth["status"]
    if status == "race":
        return f"race ({len(truth['races'])} location pair(s))"
    if status == "compile_error":
        return "does not compile: no verdict"
    if status == "sandbox_error":
        return f"sandbox error: {escape(str(truth.get('error')))}"
    return f"no race ({status})"


def _truth_only(console: Console, pred, comparison: dict) -> None:
    truth = comparison["truth"]
    if pred.tool == "tsan":
        console.print(f"ThreadSanitizer (sandbox): {_truth_status(truth)}")
        for r in truth["races"]:
            console.print(f"  {r['type']}: {', '.join(r['code_locations'])}")
    else:
        console.print(f"profiler ({truth['backend']}): status {truth['status']}")
        for r in truth["regions"]:
            vals = ", ".join(f"{t}: {_pct(v)}" for t, v in r["work_pct"].items())
            console.print(f"  lines {r['lines'][0]}-{r['lines'][1]}: {vals}")


def _pct(v) -> str:
    return "-" if v is None else f"{v:.0f}"


def _workpct(console: Console, pred, comparison: dict | None) -> None:
    console.print(f"{len(pred.regions)} parallel region(s) — {_confidence(pred)}")
    sides = [("Code 1: " + pred.file_name, pred.regions, comparison)]
    if comparison is not None and "vs" in comparison:
        sides.append(("Code 2 (--vs)", pred.regions_vs, comparison["vs"]))
    for title, regions, comp in sides:
        table = Table(title=title + (" — predicted / measured" if comp else " — median [min-max] over samples"),
                      title_justify="left")
        table.add_column("region", overflow="fold")
        for t in pred.threads:
            table.add_column(f"{t} threads", justify="right", overflow="fold")
        for i, reg in enumerate(regions):
            head = next((ln.strip() for ln in reg.snippet.splitlines() if ln.strip()), "")
            cells = []
            for t in pred.threads:
                if comp is not None and i < len(comp["rows"]):
                    m = comp["rows"][i]["per_threads"][t]
                    over = "*" if m["oversubscribed"] else ""
                    cells.append(f"{_pct(m['predicted'])} / {_pct(m['measured'])}{over}")
                else:
                    cells.append(f"{_pct(reg.work_pct.get(t))} [{_pct(reg.low.get(t))}-{_pct(reg.high.get(t))}]")
            table.add_row(f"line {reg.line or '?'}: {escape(head[:60])}", *cells)
        console.print(table)
    if comparison is not None:
        truth, agr = comparison["truth"], comparison["agreement"]
        console.print(f"profiler ({truth['backend']}) status {truth['status']}; mean |predicted - measured| = "
                      f"{_pct(agr['mean_abs_error'])} points over {agr['compared_values']} values; * = more threads "
                      f"than the {truth['host_cores']} cores here (oversubscribed)")
        if "rank_agreement" in comparison:
            console.print(f"ranking Code 1 vs Code 2 agrees with the measurement: {comparison['rank_agreement']}")
