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
    from pcwm.static.comments import strip_comments
    from pcwm.static.rules import conflicts
    from pcwm.static.source import StaticSource
    from pcwm.static.sync import locked_releases
    from pcwm.static.walker import Undecided, Walker

    src = StaticSource(strip_comments(source), lang)
    w = Walker(src)
    try:
        w.run()
    except Undecided as exc:
        return Verdict(undecided=str(exc))
    except RecursionError:
        return Verdict(undecided="the program nests too deeply to analyse")
    except (ValueError, ArithmeticError, KeyError, IndexError, AttributeError, TypeError) as exc:
        # a construct the walk does not handle: say so, never a silent "no race"
        return Verdict(undecided=f"analysis failed ({type(exc).__name__}: {exc})")
    broken = next((b for b in w.region_bodies if b.has_error), None)
    if broken is not None:
        return Verdict(undecided=f"tree-sitter cannot parse the parallel construct at line {broken.start_point[0]}")
    events = w.sync_events + (locked_releases(w.accesses) if w.sync_events else [])
    races = conflicts(w.accesses, w.tasks, w.taskwaits, w.group_ends, w.find, (events, w.flow_parent))
    return Verdict(races=races, regions=w.regions, accesses=len(w.accesses))
