"""The seed problem bank: loading `seeds/<domain>/<name>/` folders (format in seeds/README.md) into typed objects.

One `pcwm.yamlconf.Strict` model per `seed.yaml` (`SeedSpec`: an unknown or missing key, a wrong type or a language
other than c/cpp is an error naming the file and the key); a `Seed` holds the problem statement, harness, sequential
reference and correct implementations, and turns any implementation source into a sandbox `Program` (harness +
reference as an extra file) with `seed.program(source)`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ConfigDict, Field, StrictInt, field_validator

from pcwm.sandbox.candidate import program_for
from pcwm.yamlconf import ConfigError, Strict, load_yaml

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"
SUFFIX = {"c": ".c", "cpp": ".cpp"}
_NAME = re.compile(r"^[a-z0-9_]+$")
_FUNC_NAME = re.compile(r"([A-Za-z_]\w*)\s*\(")
_REF_IDENT = re.compile(r"\bref_(\w+)")


class SeedError(ConfigError):
    """A seed folder or its seed.yaml is malformed; the message names the file and the problem."""


class ImplSpec(Strict):
    """One `impls:` entry of seed.yaml."""

    model_config = ConfigDict(frozen=True)

    file: str
    strategy: str


class SeedSpec(Strict):
    """The contents of one seed.yaml (see seeds/README.md)."""

    model_config = ConfigDict(frozen=True)

    id: str
    domain: str
    title: str
    language: Literal["c", "cpp"]
    function: str
    default_size: StrictInt = Field(ge=1)  # argv[1] default
    impls: tuple[ImplSpec, ...]

    @field_validator("id", "domain", "title", "function")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must be a non-empty string")
        return value

    @classmethod
    def from_yaml(cls, path: Path) -> SeedSpec:
        try:
            return load_yaml(path, cls)
        except ConfigError as exc:
            raise SeedError(str(exc)) from None


@dataclass(frozen=True)
class Impl:
    """A correct OpenMP implementation of a seed, with its strategy."""

    id: str  # <domain>/<name>/<stem>, e.g. histogram_reduction/int_histogram/atomic_increment
    file: str  # path relative to the seed folder, e.g. impls/atomic_increment.c
    strategy: str
    source: str

    @property
    def stem(self) -> str:
        return Path(self.file).stem


@dataclass(frozen=True)
class Seed:
    """One seed problem: statement, harness, sequential reference and correct implementations."""

    spec: SeedSpec
    path: Path
    problem: str
    harness: str
    reference: str
    impls: tuple[Impl, ...]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def domain(self) -> str:
        return self.spec.domain

    @property
    def name(self) -> str:
        return self.spec.id.split("/", 1)[1]

    @property
    def language(self) -> str:
        return self.spec.language

    @property
    def suffix(self) -> str:
        return SUFFIX[self.spec.language]

    @property
    def function_name(self) -> str:
        m = _FUNC_NAME.search(self.spec.function)
        return m.group(1) if m else ""

    @property
    def harness_name(self) -> str:
        return f"harness{self.suffix}"

    @property
    def reference_name(self) -> str:
        return f"reference{self.suffix}"

    def impl(self, stem: str) -> Impl:
        for impl in self.impls:
            if stem in (impl.stem, impl.id, impl.file):
                return impl
        raise KeyError(f"{self.id} has no implementation {stem!r} (has: {', '.join(i.stem for i in self.impls)})")

    def program(self, source: str, name: str = "generated", *, args: Iterable[str] = (), path: str | None = None):
        """A sandbox Program: `source` as the candidate `name<suffix>`, compiled through this seed's harness."""
        fname = name if name.endswith(self.suffix) else f"{name}{self.suffix}"
        if fname in (self.harness_name, self.reference_name) or "/" in fname:
            raise ValueError(f"candidate file name {fname!r} clashes with the seed's own files or is not a plain name")
        return program_for(source, self.language, name=fname, harness=self.harness, harness_name=self.harness_name,
                           extra_files=((self.reference_name, self.reference),), args=args, path=path)

    def reference_as_candidate(self) -> str:
        """The reference, usable as a candidate: its `ref_` helpers renamed so they do not clash with the copy the
        harness already includes (the harness compiles reference.c once under its own name, then the candidate)."""
        return _REF_IDENT.sub(r"pcwm_cand_ref_\1", self.reference)

    def reference_program(self, **kw):
        """The sequential reference run through the harness as if it were a candidate (checks the harness itself)."""
        return self.program(self.reference_as_candidate(), name="reference_candidate",
                            path=f"{self.id}/{self.reference_name}", **kw)


def load_seed(folder: str | Path, root: str | Path | None = None) -> Seed:
    """Loads and checks one seed folder; raises SeedError naming the file and the problem."""
    folder = Path(folder)
    root = Path(root) if root else folder.parent.parent
    spec = SeedSpec.from_yaml(folder / "seed.yaml")
    yml = folder / "seed.yaml"
    rel = folder.resolve().relative_to(Path(root).resolve()).as_posix()
    if spec.id != rel:
        raise SeedError(f"{yml}: id {spec.id!r} must equal the folder path {rel!r}")
    if spec.domain != rel.split("/")[0]:
        raise SeedError(f"{yml}: domain {spec.domain!r} must equal the domain folder {rel.split('/')[0]!r}")
    suffix = SUFFIX[spec.language]
    files = {n: folder / n for n in ("problem.md", f"harness{suffix}", f"reference{suffix}")}
    for n, p in files.items():
        if not p.is_file():
            raise SeedError(f"{folder}: missing {n} (language {spec.language})")
    if len(spec.impls) < 2:
        raise SeedError(f"{yml}: needs at least two implementations, has {len(spec.impls)}")
    impls = []
    for entry in spec.impls:
        p = folder / entry.file
        if not entry.file.startswith("impls/") or p.suffix != suffix:
            raise SeedError(f"{yml}: impl file {entry.file!r} must be impls/<name>{suffix}")
        if not p.is_file():
            raise SeedError(f"{yml}: impl file {entry.file!r} does not exist")
        impls.append(Impl(id=f"{spec.id}/{p.stem}", file=entry.file, strategy=entry.strategy, source=_read(p)))
    if len({i.stem for i in impls}) != len(impls):
        raise SeedError(f"{yml}: implementation file names must be distinct")
    return Seed(spec=spec, path=folder, problem=_read(files["problem.md"]), harness=_read(files[f"harness{suffix}"]),
                reference=_read(files[f"reference{suffix}"]), impls=tuple(impls))


def _read(p: Path) -> str:
    return p.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Bank:
    """All seeds loaded from a seeds folder, in sorted id order."""

    seeds: tuple[Seed, ...]
    root: Path

    def __iter__(self) -> Iterator[Seed]:
        return iter(self.seeds)

    def __len__(self) -> int:
        return len(self.seeds)

    @property
    def domains(self) -> list[str]:
        return sorted({s.domain for s in self.seeds})

    def by_domain(self) -> dict[str, list[Seed]]:
        out: dict[str, list[Seed]] = {}
        for s in self.seeds:
            out.setdefault(s.domain, []).append(s)
        return out

    def get(self, seed_id: str) -> Seed:
        for s in self.seeds:
            if s.id == seed_id:
                return s
        raise KeyError(f"no seed {seed_id!r} in {self.root} (see `pcwm problems list`)")

    def impls(self) -> Iterator[tuple[Seed, Impl]]:
        for s in self.seeds:
            for i in s.impls:
                yield s, i


def load_bank(root: str | Path | None = None, domains: Iterable[str] | None = None) -> Bank:
    """Loads every seed under `root` (default: the bank shipped with pcwm), optionally only some domains.

    Every folder `<domain>/<name>/` must be a complete seed: a folder without seed.yaml is an error, not skipped,
    so a half-written seed never silently drops out of the checks.
    """
    root = Path(root) if root else SEEDS_DIR
    if not root.is_dir():
        raise SeedError(f"seed bank folder {root} does not exist")
    wanted = set(domains) if domains else None
    present = sorted(d.name for d in root.iterdir() if d.is_dir() and not d.name.startswith((".", "_")))
    if wanted is not None and (missing := wanted - set(present)):
        raise SeedError(f"unknown domain(s) {', '.join(sorted(missing))}; the bank has {', '.join(present)}")
    seeds = []
    for dom in present:
        if wanted is not None and dom not in wanted:
            continue
        for folder in sorted(p for p in (root / dom).iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
            if not _NAME.match(folder.name):
                raise SeedError(f"{folder}: seed folder names are lower-case letters, digits and '_'")
            if not (folder / "seed.yaml").is_file():
                raise SeedError(f"{folder}: not a seed (no seed.yaml)")
            seeds.append(load_seed(folder, root))
    return Bank(seeds=tuple(seeds), root=root)
