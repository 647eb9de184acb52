"""LoadSeedBank: the seed problem bank as the first step of every pipeline (no data file needed).

Reads the bank through `pcwm.problems.load_bank` (default `src/pcwm/problems/seeds/`, format in its README.md, or
another folder of the same layout), filtered by domain, id and limit, in sorted id order (so a resumed run sees the
same rows).
"""


from pathlib import Path
from typing import Any

from distilabel.mixins.runtime_parameters import RuntimeParameter
from distilabel.steps import GeneratorStep
from distilabel.typing import GeneratorStepOutput
from pydantic import Field, PrivateAttr

SEED_COLUMNS = [
    "seed_id", "problem_id", "variant", "domain", "title", "language", "function", "problem", "harness",
    "harness_name", "reference", "reference_name", "default_size", "seed_impls",
]


def seed_row(seed) -> dict[str, Any]:
    """One `pcwm.problems.Seed` as a row (see SEED_COLUMNS); `seed_impls` holds its correct implementations."""
    return {
        "seed_id": seed.id,
        "problem_id": seed.id,
        "variant": 0,
        "domain": seed.domain,
        "title": seed.spec.title,
        "language": seed.language,
        "function": seed.spec.function,
        "problem": seed.problem,
        "harness": seed.harness,
        "harness_name": seed.harness_name,
        "reference": seed.reference,
        "reference_name": seed.reference_name,
        "default_size": seed.spec.default_size,
        "seed_impls": [{"file": i.file, "strategy": i.strategy, "source": i.source} for i in seed.impls],
    }


def seed_from_row(row: dict[str, Any]):
    """The `pcwm.problems.Seed` a seed row was made from (for the offline engine's functions)."""
    from pcwm.problems.bank import Impl, ImplSpec, Seed, SeedSpec

    impls = tuple(row.get("seed_impls") or [])
    spec = SeedSpec(id=row["seed_id"], domain=row["domain"], title=row["title"], language=row["language"],
                    function=row["function"], default_size=int(row["default_size"] or 1),
                    impls=tuple(ImplSpec(file=i["file"], strategy=i["strategy"]) for i in impls))
    return Seed(spec=spec, path=Path(row["seed_id"]), problem=row["problem"], harness=row["harness"],
                reference=row["reference"],
                impls=tuple(Impl(id=f"{row['seed_id']}/{Path(i['file']).stem}", file=i["file"],
                                 strategy=i["strategy"], source=i["source"]) for i in impls))


def load_rows(
    seeds_dir: str | Path | None = None, domains: list[str] | None = None, ids: list[str] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Seed rows sorted by id, filtered by domains/ids, at most `limit` (errors name what did not match)."""
    from pcwm.problems import SeedError, load_bank

    bank = load_bank(seeds_dir, domains or None)
    seeds = [s for s in bank if not ids or s.id in ids]
    unknown = sorted(set(ids or []) - {s.id for s in seeds})
    if unknown:
        raise SeedError(f"seed ids not found in {bank.root}: {', '.join(unknown)}")
    if not seeds:
        raise SeedError(f"no seeds in {bank.root} match domains={domains} ids={ids}")
    return [seed_row(s) for s in (seeds[:limit] if limit else seeds)]


class LoadSeedBank(GeneratorStep):
    """Generator of seed problems.

    Output columns: seed_id, problem_id, variant (0), domain, title, language, function, problem (statement),
    harness, harness_name, reference, reference_name, default_size, seed_impls (list of {file, strategy, source}).
    """

    seeds_dir: RuntimeParameter[str] | None = Field(default=None, description="Seed folder; None: pcwm's bank.")
    domains: RuntimeParameter[list[str]] | None = Field(default=None, description="Only these domains.")
    ids: RuntimeParameter[list[str]] | None = Field(default=None, description="Only these seed ids.")
    limit: RuntimeParameter[int] | None = Field(default=None, description="At most this many seeds.")
    _rows: list[dict[str, Any]] = PrivateAttr(default_factory=list)

    def load(self) -> None:
        super().load()
        self._rows = load_rows(self.seeds_dir, self.domains, self.ids, self.limit)

    @property
    def outputs(self) -> list[str]:
        return SEED_COLUMNS

    def process(self, offset: int = 0) -> GeneratorStepOutput:
        rows = self._rows
        if offset >= len(rows):
            yield [], True
            return
        while offset < len(rows):
            batch = rows[offset : offset + self.batch_size]
            offset += len(batch)
            yield [dict(r) for r in batch], offset >= len(rows)
