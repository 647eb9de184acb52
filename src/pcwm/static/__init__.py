"""A static world model: predicts ThreadSanitizer's race report for OpenMP C/C++ from the source alone.

`analyze(source, lang) -> Verdict` parses the code with tree-sitter (the grammars of pcwm.problems), blanks
comments first (names and comments never decide anything), walks every parallel construct (walker.py,
constructs.py) and pairs the shared-memory accesses that may happen in parallel (rules.py, forms.py). The verdict
lists races (type, the two lines, the variable, the rule that fired) or says it cannot decide, with the reason
(an unknown directive, code tree-sitter cannot parse inside a region, threads created outside OpenMP).
`model.StaticModel` answers suite prompts in the TSan answer format (`-m static`).
"""

from __future__ import annotations

from pcwm.static.model_types import Race, Verdict

__all__ = ["Race", "Verdict", "analyze"]


def analyze(source: str, lang: str = "c") -> Verdict:
    """The static model's verdict for one program ('c' or 'cpp')."""
    from pcwm.problems.omp_source import walk
    from pcwm.static.comments import strip_comments
    from pcwm.static.rules import conflicts
    from pcwm.static.source import StaticSource
    from pcwm.static.walker import Undecided, Walker

    src = StaticSource(strip_comments(source), lang)
    w = Walker(src)
    try:
        w.run()
    except Undecided as exc:
        return Verdict(undecided=str(exc))
    except RecursionError:
        return Verdict(undecided="the program nests too deeply to analyse")
    if w.regions and _errors_in_regions(src, walk):
        return Verdict(undecided="tree-sitter cannot parse part of the code around a parallel construct")
    races = conflicts(w.accesses, w.tasks, w.taskwaits, w.group_ends, w.find)
    return Verdict(races=races, regions=w.regions, accesses=len(w.accesses))


def _errors_in_regions(src, walk) -> bool:
    """True when a parse error sits in a function that holds an OpenMP pragma."""
    if not src.root.has_error:
        return False
    for fn in src.root.named_children:
        if fn.has_error and any(n.type == "preproc_call" and b"omp" in src.data[n.start_byte:n.end_byte]
                                for n in walk(fn)):
            return True
    return False
