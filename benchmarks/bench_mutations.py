"""Mutation engine speed and yield on the seed bank (no sandbox): sites found per operator and time per program.

Prints a table: per operator, the mutants made over every implementation of the bank, how many implementations it
applies to, and the generation time. Figures for the sandbox side (compile rate, TSan race rate) come from
`pcwm problems mutate --out DIR`, which prints and saves them.

    python benchmarks/bench_mutations.py [--domain D ...] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from rich.console import Console
from rich.table import Table

from pcwm.problems import load_bank
from pcwm.problems.mutations import OPERATORS, mutate
from pcwm.problems.omp_source import OmpSource


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--domain", action="append", help="Only this domain (repeatable).")
    ap.add_argument("--repeat", type=int, default=3, help="Timing repeats (best is reported).")
    args = ap.parse_args()
    bank = load_bank(domains=args.domain)
    impls = list(bank.impls())
    made, applies, secs = Counter(), Counter(), Counter()
    for name in OPERATORS:
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            out = [(impl.id, m) for seed, impl in impls for m in mutate(impl.source, seed.language, operators=[name])]
            best = min(best, time.perf_counter() - t0)
        made[name], applies[name], secs[name] = len(out), len({i for i, _ in out}), best
    t0 = time.perf_counter()
    for seed, impl in impls:
        OmpSource(impl.source, seed.language)
    parse_s = time.perf_counter() - t0

    table = Table(title=f"mutations over {len(bank)} seeds, {len(impls)} implementations")
    for col in ("operator", "kind", "mutants", "impls it applies to", "ms per impl"):
        table.add_column(col, justify="left" if col in ("operator", "kind") else "right")
    for name, (kind, _) in OPERATORS.items():
        table.add_row(name, kind, str(made[name]), str(applies[name]), f"{1000 * secs[name] / len(impls):.2f}")
    table.add_row("all", "", str(sum(made.values())), "", f"{1000 * sum(secs.values()) / len(impls):.2f}")
    Console().print(table)
    Console().print(f"tree-sitter parse alone: {1000 * parse_s / len(impls):.2f} ms per implementation")


if __name__ == "__main__":
    main()
