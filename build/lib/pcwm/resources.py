"""The repo's data folders (recipes/, eval_suites/, dataset_cards/) from a checkout or from an installed wheel.

In a clone (editable install) they are the top-level folders; a wheel built from the repo carries copies under
`pcwm/_resources/` (see setup.py). A path a user gives, such as `recipes/generate/offline.yaml`, is taken as written
when it exists, else looked up among these folders, so the README's commands work after `pip install pcwm` too.
"""

from __future__ import annotations

from pathlib import Path

RESOURCE_DIRS = ("recipes", "eval_suites", "dataset_cards")
_HERE = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The folder `name` (one of RESOURCE_DIRS): the checkout's, else the installed copy."""
    if name not in RESOURCE_DIRS:
        raise ValueError(f"unknown resource folder {name!r} (one of {', '.join(RESOURCE_DIRS)})")
    for cand in (_HERE.parents[1] / name, _HERE / "_resources" / name):
        if cand.is_dir():
            return cand
    raise FileNotFoundError(f"pcwm's {name}/ folder is neither in the checkout nor installed with the package "
                            f"(looked in {_HERE.parents[1]} and {_HERE / '_resources'})")


def resolve_path(path: str | Path) -> Path:
    """`path` as given when it exists; else, for `recipes/...`, `eval_suites/...`, `dataset_cards/...`, the shipped
    copy; else `path` unchanged (the caller reports it missing)."""
    p = Path(path)
    if p.exists() or p.is_absolute() or not p.parts or p.parts[0] not in RESOURCE_DIRS:
        return p
    try:
        shipped = resource_dir(p.parts[0]).joinpath(*p.parts[1:])
    except FileNotFoundError:
        return p
    return shipped if shipped.exists() else p
