"""`pcwm eval publish`: a model's scores as model-index entries of its Hub model card (the eval widget's input).

The scores are the suites' SQL metrics over stored results (pcwm.evals.scoring), turned into huggingface_hub
`EvalResult`s: DataRaceBench accuracy, precision and recall (overall and on the clean subset), ParEval pair
agreement per thread count (and the average), race-free rate per feedback source. Each entry names its dataset with
a revision: the upstream benchmark commit, or the Hub items dataset and tag the suite read its programs from.

The card is read with `ModelCard.load`, its entries for the same (task, dataset, config, split, metric) are
replaced, others kept, and the card is pushed back with `ModelCard.push_to_hub`; values are percentages.
"""

from __future__ import annotations

import json
from pathlib import Path

from pcwm.errors import PcwmError
from pcwm.evals.benchmarks import SOURCES
from pcwm.evals.scoring import suite_info
from pcwm.evals.tasks import get_task


class PublishError(PcwmError, ValueError):
    """Results that cannot be published (no such model, nothing scored); the message says which."""


def _dataset(kind: str, info: dict) -> dict:
    """dataset_type / name / revision of a suite's results (from suite.json's `data`, else the pinned commit)."""
    data = info.get("data") or {}
    if data.get("hub_repo"):
        return {"dataset_type": data["hub_repo"], "dataset_revision": data.get("hub_revision")}
    src = SOURCES[get_task(kind).upstream]
    return {"dataset_type": src.repo.removeprefix("https://github.com/").removesuffix(".git"),
            "dataset_revision": data.get("commit") or src.commit}


def eval_results(suite: str, info: dict, scores: dict, model: str) -> list:
    """EvalResults of `model` on one suite (empty when the model has no rows there)."""
    from huggingface_hub import EvalResult

    kind = info["kind"]
    task = get_task(kind)
    task_type, task_name = task.card_task
    base = {"task_type": task_type, "task_name": task_name, "dataset_name": f"{suite} ({kind})",
            "dataset_config": suite, **_dataset(kind, info)}
    return [EvalResult(**base, **entry) for entry in task.card_entries(scores, model)]


def models_in(collected: dict) -> set[str]:
    names = set()
    for info in collected.values():
        for rows in info["scores"].values():
            names.update(r.get("model") or r.get("actor") for r in rows)
    return names - {None}


def results_for(results: list[Path], model: str | None = None) -> tuple[str, list]:
    """(model name, EvalResults) from results folders; `model` may be left out when only one model was scored."""
    from pcwm.evals.scoring import collect

    collected = collect(results)
    if not collected:
        raise PublishError(f"no suite results under {', '.join(map(str, results))}")
    names = models_in(collected)
    if model is None:
        if len(names) != 1:
            raise PublishError(f"results hold {len(names)} models ({', '.join(sorted(names))}): pick one with --model")
        model = next(iter(names))
    if model not in names:
        raise PublishError(f"no scores for model {model!r}; the results hold: {', '.join(sorted(names)) or 'none'}")
    out = []
    for suite, info in collected.items():
        meta = suite_info(Path(info["folders"][0]))
        out += eval_results(suite, {**meta, "kind": info["kind"]}, info["scores"], model)
    if not out:
        raise PublishError(f"model {model!r} has no publishable scores")
    return model, out


def merge(old: list, new: list) -> list:
    """`old` without the entries `new` replaces (same everything but the value), then `new`."""
    kept = [o for o in old or [] if not any(o.is_equal_except_value(n) for n in new)]
    return kept + new


def publish(results: list[Path], repo_id: str, *, revision: str | None = None, model: str | None = None,
            dry_run: bool = False) -> tuple[str, list]:
    """Writes the model-index entries into the card of `repo_id` (at `revision`); returns (card text, entries)."""
    from huggingface_hub import ModelCard, ModelCardData, hf_hub_download
    from huggingface_hub.errors import EntryNotFoundError, RepositoryNotFoundError, RevisionNotFoundError

    name, entries = results_for(results, model)
    try:  # ModelCard.load reads main only: fetch the README at the revision, then load the file
        card = None if dry_run else ModelCard.load(hf_hub_download(repo_id, "README.md", revision=revision))
    except EntryNotFoundError:
        card = None  # a repo without README.md: start a card
    except (RepositoryNotFoundError, RevisionNotFoundError) as exc:
        raise PublishError(f"{repo_id}{'@' + revision if revision else ''}: {type(exc).__name__}: {exc}") from None
    if card is None:
        card = ModelCard.from_template(ModelCardData(tags=["pcwm"]), template_str=(
            "---\n{{ card_data }}\n---\n\n# {{ repo_id }}\n\nScores from `pcwm eval` are in the metadata.\n"),
            repo_id=repo_id)
    card.data.eval_results = merge(card.data.eval_results, entries)
    card.data.model_name = card.data.model_name or repo_id.split("/")[-1]
    text = str(ModelCard(str(card)))  # re-parse: validates the model-index it wrote
    if not dry_run:
        ModelCard(text).push_to_hub(repo_id, repo_type="model", revision=revision,
                                    commit_message=f"pcwm eval publish: scores of {name}")
    return text, entries


def summary(entries: list) -> str:
    return json.dumps([{"dataset": e.dataset_config, "split": e.dataset_split, "metric": e.metric_name,
                        "value": e.metric_value} for e in entries], indent=1)
