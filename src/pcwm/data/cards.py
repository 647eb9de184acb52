"""Dataset cards: `dataset_cards/<kind>.yaml` (what a person writes) + build figures -> README.md of the dataset.

The README's YAML header carries what the Hub and `datasets` read (configs and their data files, features, split
sizes, license, tags); the body is rendered from `dataset_cards/card.md.j2`: description, configs, schema, stats
table, label balance, toolchain, how it was made, decontamination and deduplication figures, usage, license,
citation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from pcwm.io import write_text_atomic
from pcwm.resources import resource_dir
from pcwm.yamlconf import ConfigError, Strict, load_yaml

TEMPLATE = "card.md.j2"

COLUMN_DOCS = {
    "id": "row id: first 16 hex digits of the code's sha256 (pairs: of both codes), `-k` for the k-th CoT sample",
    "code": "the candidate OpenMP program, exactly as run (line numbers in outcomes refer to it)",
    "code_name": "the file name the program had when it ran; race locations are `code_name:line`",
    "language": "c or cpp",
    "has_race": "ThreadSanitizer reported at least one data race",
    "races": "the races: type (read/write or write/write race) and code locations",
    "cot": "the teacher's chain of thought (null in no_cot)",
    "outcome": "the tool outcome in the paper's answer format (what pcwm.worldmodel.outcomes parses)",
    "prompt": "SFT view: [user message] with the world-model prompt of the evaluation suites",
    "completion": "SFT view: [assistant message] = <think>CoT</think> then <answer>outcome</answer>",
    "messages": "SFT view: [user, assistant], the same conversation as one list",
    "provenance": "problem, source, toolchain and flags, thread counts, host cores, sandbox status, content hash",
    "problem_id": "<domain>/<seed> of the problem",
    "code_i": "first code of the pair", "code_j": "second code of the pair",
    "regions_i": "parallel regions of code i with their work % per thread count",
    "regions_j": "parallel regions of code j with their work % per thread count",
    "outcome_i": "Caliper outcome text of code i", "outcome_j": "Caliper outcome text of code j",
    "provenance_i": "provenance of code i", "provenance_j": "provenance of code j",
    "domain": "problem domain", "variant": "seed or the variant's id", "title": "problem title",
    "function": "the function a candidate implements", "statement": "the problem statement (problem.md)",
    "harness": "the harness that includes and checks a candidate", "reference": "sequential reference",
    "impls": "correct OpenMP implementations with their strategy", "default_size": "default problem size",
}


class CardError(ConfigError):
    """The card YAML is missing, malformed or has unknown keys."""


Text = Annotated[str, StringConstraints(min_length=1)]


class CardSpec(Strict):
    """One dataset_cards/<kind>.yaml."""

    kind: Literal["tsan", "caliper", "problems"]  # the dataset kinds of pcwm.data.schema.features
    pretty_name: Text
    summary: Text
    license: Text
    how_made: Text
    intended_use: Text
    limitations: Text
    citation: Text
    license_note: str = ""
    language: list[str] = Field(default_factory=lambda: ["en", "code"])
    task_categories: list[str] = Field(default_factory=lambda: ["text-generation"])
    tags: list[str] = Field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> CardSpec:
        try:
            return load_yaml(path, cls)
        except ConfigError as exc:
            raise CardError(str(exc)) from None


def size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "n>1M"


def header(spec: CardSpec, report: dict):
    """The card metadata as huggingface_hub's DatasetCardData: configs with data files, and `dataset_info` (features,
    split sizes) written by `datasets`' own DatasetInfosDict, the way `push_to_hub` writes it."""
    from datasets import DatasetInfo, SplitDict, SplitInfo
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    from pcwm.data.schema import features

    feats = features(spec.kind)
    configs, infos = [], DatasetInfosDict()
    built = {c: s for c, s in report["configs"].items() if s.get("rows")}
    default = "hindsight" if "hindsight" in built else next(iter(built), None)
    for name, stats in built.items():
        entry = {"config_name": name, "data_files": [{"split": "train", "path": f"{name}/train-*"}]}
        if name == default:
            entry["default"] = True
        configs.append(entry)
        splits = SplitDict()
        splits.add(SplitInfo(name="train", num_bytes=stats.get("num_bytes", 0), num_examples=stats["rows"]))
        infos[name] = DatasetInfo(features=feats, splits=splits)
    total = sum(s["rows"] for s in built.values())
    data = DatasetCardData(pretty_name=spec.pretty_name, license=spec.license, language=spec.language,
                           task_categories=spec.task_categories, tags=spec.tags,
                           size_categories=[size_category(total)], configs=configs)
    infos.to_dataset_card_data(data)
    return data


def render_card(spec: CardSpec, report: dict, *, repo_id: str | None = None,
                template: str | Path | None = None) -> str:
    import jinja2

    tpl = Path(template) if template else resource_dir("dataset_cards") / TEMPLATE
    if not tpl.is_file():
        raise CardError(f"card template {tpl} not found")
    from pcwm.data.schema import features

    columns = [(name, _type_name(f), COLUMN_DOCS.get(name, "")) for name, f in features(spec.kind).items()]
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False,
                             trim_blocks=True, lstrip_blocks=True)
    body = env.from_string(tpl.read_text(encoding="utf-8")).render(
        spec=spec, report=report, repo_id=repo_id or f"pcwm/{spec.kind}", columns=columns,
        configs={c: s for c, s in report["configs"].items() if s.get("rows")})
    from huggingface_hub import DatasetCard

    card = DatasetCard.from_template(header(spec, report), template_str="---\n{{ card_data }}\n---\n\n{{ body }}",
                                     body=body)
    return str(card)


def _type_name(f) -> str:
    from datasets import List, Value

    if isinstance(f, Value):
        return f.dtype
    if isinstance(f, List):
        return f"list<{_type_name(f.feature)}>"
    if isinstance(f, dict):
        return "struct{" + ", ".join(f"{k}: {_type_name(v)}" for k, v in f.items()) + "}"
    return type(f).__name__


def write_card(out: str | Path, report: dict, *, card: str | Path | None = None, repo_id: str | None = None) -> Path:
    """Renders OUT/README.md from the card YAML of the report's kind (or `card`)."""
    path = Path(card) if card else resource_dir("dataset_cards") / f"{report['kind']}.yaml"
    if not path.is_file():
        raise CardError(f"dataset card {path} not found (pass --card PATH; the repo ships dataset_cards/)")
    spec = CardSpec.load(path)
    if spec.kind != report["kind"]:
        raise CardError(f"{path}: card is for kind {spec.kind!r}, dataset is {report['kind']!r}")
    readme = Path(out) / "README.md"
    write_text_atomic(readme, render_card(spec, report, repo_id=repo_id, template=path.parent / TEMPLATE
                                          if (path.parent / TEMPLATE).is_file() else None))
    return readme
