"""Decontamination: no benchmark program may enter training data.

Benchmark programs (located with `pcwm.evals.benchmarks.locate`): every DataRaceBench program (DRB*.c/.cpp), and
ParEval's prompts (OpenMP and serial) and sequential baselines (`baseline.hpp`); plus any extra files or folders a
user names (e.g. stored model solutions of ParEval used in an evaluation).

Test: token n-gram overlap, in two channels. Code is compared as its token stream without comments and `#include`
lines (so layout, comments and license headers do not matter).
- verbatim: 10-token n-grams; contaminated when the shared n-grams cover >= 0.5 of B's n-grams (B is, mostly,
  inside the candidate) or of the candidate's own (the candidate is, mostly, a piece of B);
- renamed: identifiers (except C/C++ keywords and OpenMP names) and literals replaced by placeholders, 15-token
  n-grams, same test at >= 0.8: catches copies with renamed variables.
Both need at least `min_shared` shared n-grams. Measured on the seed bank (229 implementations + 80 references):
the highest verbatim score against any benchmark program is 0.16 and the highest renamed score 0.28, while a copied
DRB program scores 1.0 in both channels, and all 208 DRB programs with renamed variables are caught.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from pcwm.data.schema import code_tokens

NGRAM = 10
THRESHOLD = 0.5
RENAMED_NGRAM = 15
RENAMED_THRESHOLD = 0.8
MIN_SHARED = 8
_KEEP = frozenset((
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
    "float", "for", "goto", "if", "int", "long", "register", "return", "short", "signed", "sizeof", "static",
    "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "bool", "true", "false", "new",
    "delete", "class", "template", "typename", "std", "vector", "size_t", "nullptr", "pragma", "omp", "parallel",
    "reduction", "critical", "atomic", "barrier", "single", "master", "masked", "task", "taskwait", "taskloop",
    "taskgroup", "private", "firstprivate", "lastprivate", "shared", "nowait", "schedule", "dynamic", "guided",
    "runtime", "collapse", "num_threads", "section", "sections", "ordered", "depend", "in", "out", "inout", "simd",
    "target", "teams", "distribute", "map", "flush", "default", "none", "read", "write", "update", "capture",
    "seq_cst",
))
_IDENT = re.compile(r"[A-Za-z_]\w*$")
_INCLUDE = re.compile(r"^\s*#\s*include\b.*$", re.MULTILINE)
_DRB = re.compile(r"^DRB\d{3}-.*\.(c|cpp)$")
_SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".cxx", ".h", ".hpp")


@dataclass(frozen=True)
class BenchmarkProgram:
    benchmark: str  # dataracebench | pareval | extra
    name: str  # file name or prompt name
    text: str


@dataclass
class Hit:
    channel: str  # verbatim | renamed
    benchmark: str
    program: str
    shared: int
    coverage_of_benchmark: float
    coverage_of_candidate: float

    @property
    def score(self) -> float:
        return max(self.coverage_of_benchmark, self.coverage_of_candidate)

    def to_dict(self) -> dict:
        return {**asdict(self), "score": round(self.score, 4)}


def _placeholder(tok: str) -> str:
    if _IDENT.match(tok):
        return tok if tok in _KEEP or tok.startswith("omp_") else "ID"
    if tok[0].isdigit():
        return "NUM"
    return "STR" if tok[0] in "\"'" else tok


def ngrams(code: str, n: int = NGRAM, *, renamed: bool = False) -> set[int]:
    """Hashed token n-grams of code without comments or #include lines (the whole stream if shorter than n);
    `renamed`: identifiers and literals replaced by placeholders first."""
    toks = code_tokens(_INCLUDE.sub("", code))
    if renamed:
        toks = [_placeholder(t) for t in toks]
    if not toks:
        return set()
    spans = [toks] if len(toks) < n else (toks[i : i + n] for i in range(len(toks) - n + 1))
    return {int.from_bytes(hashlib.blake2b(" ".join(s).encode(), digest_size=8).digest(), "big") for s in spans}


def benchmark_programs(extra: Iterable[str | Path] = (), *, dataracebench: bool = True,
                       pareval: bool = True) -> list[BenchmarkProgram]:
    """The programs training data must not contain."""
    from pcwm.evals.benchmarks import locate

    progs: list[BenchmarkProgram] = []
    if dataracebench:
        root = locate("dataracebench")
        files = sorted(p for p in root.rglob("*") if _DRB.match(p.name))
        if not files:
            raise FileNotFoundError(f"no DataRaceBench programs (DRB*.c/.cpp) under {root}")
        progs += [BenchmarkProgram("dataracebench", p.name, p.read_text(errors="replace")) for p in files]
    if pareval:
        root = locate("pareval")
        prompts = root / "generation-prompts-omp-serial.json"
        if not prompts.is_file():
            raise FileNotFoundError(f"ParEval prompts missing: {prompts}")
        for p in json.loads(prompts.read_text()):
            progs.append(BenchmarkProgram("pareval", f"{p['name']} ({p['parallelism_model']} prompt)", p["prompt"]))
        for p in sorted(root.rglob("baseline.hpp")):
            progs.append(BenchmarkProgram("pareval", f"{p.parent.name}/baseline.hpp", p.read_text(errors="replace")))
    for item in extra:
        path = Path(item)
        if not path.exists():
            raise FileNotFoundError(f"decontamination source {path} does not exist")
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.suffix in _SOURCE_SUFFIXES)
        progs += [BenchmarkProgram("extra", str(p), p.read_text(errors="replace")) for p in files]
    return progs


class BenchmarkIndex:
    """Inverted index of benchmark n-grams per channel; `check(code)` gives the overlap that contaminates it."""

    def __init__(self, programs: list[BenchmarkProgram], n: int = NGRAM, threshold: float = THRESHOLD,
                 min_shared: int = MIN_SHARED, renamed_n: int = RENAMED_NGRAM,
                 renamed_threshold: float = RENAMED_THRESHOLD):
        for t in (threshold, renamed_threshold):
            if not 0.0 < t <= 1.0:
                raise ValueError(f"decontamination threshold must be in (0, 1], got {t}")
        self.programs, self.min_shared = programs, min_shared
        self.channels = {"verbatim": (n, threshold, False), "renamed": (renamed_n, renamed_threshold, True)}
        self.sizes: dict[str, list[int]] = {c: [] for c in self.channels}
        self.index: dict[str, dict[int, list[int]]] = {c: {} for c in self.channels}
        for i, prog in enumerate(programs):
            for ch, (k, _, ren) in self.channels.items():
                grams = ngrams(prog.text, k, renamed=ren)
                self.sizes[ch].append(len(grams))
                for g in grams:
                    self.index[ch].setdefault(g, []).append(i)

    @classmethod
    def default(cls, extra: Iterable[str | Path] = (), **kw) -> BenchmarkIndex:
        return cls(benchmark_programs(extra), **kw)

    def scores(self, code: str, channel: str = "verbatim") -> list[Hit]:
        """Every benchmark program sharing an n-gram with `code` in one channel, best first."""
        k, _, ren = self.channels[channel]
        grams = ngrams(code, k, renamed=ren)
        shared = Counter(i for g in grams for i in self.index[channel].get(g, ()))
        hits = [Hit(channel, self.programs[i].benchmark, self.programs[i].name, m,
                    round(m / max(1, self.sizes[channel][i]), 4), round(m / max(1, len(grams)), 4))
                for i, m in shared.items()]
        return sorted(hits, key=lambda h: (-h.score, -h.shared, h.program))

    def check(self, code: str) -> Hit | None:
        """The overlap that makes `code` contaminated (verbatim channel first), else None."""
        for ch, (_, threshold, _) in self.channels.items():
            for h in self.scores(code, ch):
                if h.shared >= self.min_shared and h.score >= threshold:
                    return h
        return None

    def summary(self) -> dict:
        by = Counter(p.benchmark for p in self.programs)
        return {"programs": dict(by), "min_shared": self.min_shared,
                "channels": {c: {"ngram": k, "threshold": t} for c, (k, t, _) in self.channels.items()}}
