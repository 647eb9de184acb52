"""Datasets to and from the Hugging Face Hub: versioned push of a built dataset folder, pull by repo id + revision.

Versions are immutable: a push commits the folder (Parquet shards, README.md card, build_report.json) to a branch
and tags that commit (e.g. `v1.0`); an existing tag is never moved (pushing the same content again is a no-op that
returns the tag, different content is an error). Pushing is resumable: shards go up in several commits, and the
Hub client skips every file the branch already holds with the same content, so re-running an interrupted push sends
only what is missing. The token comes from the usual places (`HF_TOKEN`, `hf auth login`) unless given; the
endpoint from `HF_ENDPOINT`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pcwm.errors import PcwmError

log = logging.getLogger(__name__)
REPO_TYPE = "dataset"


class HubError(PcwmError, RuntimeError):
    """A push or pull that cannot be done; the message says why and what to do."""


class VersionExistsError(HubError):
    """The tag already names a different dataset version (tags are never moved)."""


@dataclass
class PushResult:
    repo_id: str
    branch: str
    tag: str | None
    commit: str
    uploaded_files: int
    skipped_files: int
    url: str


def _api(token: str | None):
    from huggingface_hub import HfApi, get_token

    token = token or get_token()
    if not token:
        raise HubError("no Hugging Face token: set HF_TOKEN, run `hf auth login`, or pass --token")
    return HfApi(token=token)


def dataset_files(folder: Path) -> list[Path]:
    """The files of a built dataset folder that belong on the Hub (shards, card, report), sorted."""
    if not (folder / "README.md").is_file():
        raise HubError(f"{folder}: no README.md; build the dataset first (`pcwm dataset build`)")
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not any(x.startswith(".") for x in
                                                                            p.relative_to(folder).parts))
    if not any(p.suffix == ".parquet" for p in files):
        raise HubError(f"{folder}: no Parquet shards")
    return files


def _remote_files(api, repo_id: str, revision: str) -> dict[str, str | None]:
    """path -> sha256 (LFS) or git oid of every file at a revision."""
    out = {}
    for f in api.list_repo_tree(repo_id, repo_type=REPO_TYPE, revision=revision, recursive=True):
        if hasattr(f, "blob_id"):
            out[f.path] = f.lfs.sha256 if f.lfs else f.blob_id
    return out


def _local_oid(path: Path) -> str:
    import hashlib

    from huggingface_hub.utils.sha import git_hash

    data = path.read_bytes()
    return hashlib.sha256(data).hexdigest() if path.suffix == ".parquet" else git_hash(data)


def _tag_commit(api, repo_id: str, tag: str) -> str | None:
    refs = api.list_repo_refs(repo_id, repo_type=REPO_TYPE)
    return next((t.target_commit for t in refs.tags if t.name == tag), None)


def push_dataset(folder: str | Path, repo_id: str, *, tag: str | None, branch: str = "main",
                 private: bool | None = None, token: str | None = None, files_per_commit: int = 20,
                 message: str | None = None, progress=None) -> PushResult:
    """Uploads a built dataset folder to `repo_id` on `branch` and tags the final commit `tag`."""
    from huggingface_hub import CommitOperationAdd, CommitOperationDelete
    from huggingface_hub.errors import HfHubHTTPError

    folder = Path(folder)
    files = dataset_files(folder)
    api = _api(token)
    try:
        api.create_repo(repo_id, repo_type=REPO_TYPE, private=private, exist_ok=True)
        tagged = _tag_commit(api, repo_id, tag) if tag else None
        if tagged is not None:
            return _existing_version(api, repo_id, tag, tagged, folder, files, branch)
        if branch != "main":
            api.create_branch(repo_id, repo_type=REPO_TYPE, branch=branch, exist_ok=True)
        remote = _remote_files(api, repo_id, branch)
        rel = {p.relative_to(folder).as_posix(): p for p in files}
        todo = [r for r, p in rel.items() if remote.get(r) != _local_oid(p)]
        shards = [r for r in todo if r.endswith(".parquet")]
        uploaded, commit = 0, None
        for start in range(0, len(shards), max(1, files_per_commit)):  # checkpoints: a rerun resumes after them
            batch = shards[start : start + files_per_commit]
            ops = [CommitOperationAdd(path_in_repo=r, path_or_fileobj=str(rel[r])) for r in batch]
            commit = api.create_commit(repo_id, ops, repo_type=REPO_TYPE, revision=branch,
                                       commit_message=f"Upload shards {start + 1}-{start + len(batch)} of "
                                                      f"{len(shards)}").oid
            uploaded += len(batch)
            if progress:
                progress(uploaded, len(shards))
        stale = [r for r in remote if r not in rel and r != ".gitattributes"]
        ops = [CommitOperationAdd(path_in_repo=r, path_or_fileobj=str(rel[r])) for r in todo if r not in shards]
        ops += [CommitOperationDelete(path_in_repo=r) for r in stale]
        if ops or commit is None:
            info = api.create_commit(repo_id, ops, repo_type=REPO_TYPE, revision=branch,
                                     commit_message=message or f"pcwm dataset {tag or 'update'}")
            commit = info.oid
        uploaded += len([o for o in ops if isinstance(o, CommitOperationAdd)])
        if tag:
            api.create_tag(repo_id, repo_type=REPO_TYPE, tag=tag, revision=commit,
                           tag_message=message or f"pcwm dataset version {tag}")
    except HfHubHTTPError as exc:
        raise HubError(f"push of {folder} to {repo_id}@{branch} failed: {exc}") from exc
    return PushResult(repo_id, branch, tag, commit, uploaded, len(rel) - len(todo),
                      f"{api.endpoint}/datasets/{repo_id}")


def _existing_version(api, repo_id, tag, commit, folder, files, branch) -> PushResult:
    remote = _remote_files(api, repo_id, commit)
    rel = {p.relative_to(folder).as_posix(): _local_oid(p) for p in files}
    differs = sorted(r for r in set(rel) | (set(remote) - {".gitattributes"}) if remote.get(r) != rel.get(r))
    if differs:
        raise VersionExistsError(
            f"{repo_id}: tag {tag!r} already names commit {commit[:12]} with other content "
            f"({len(differs)} files differ, e.g. {differs[0]}); versions are immutable: push under a new tag")
    log.info("%s@%s already holds this exact dataset", repo_id, tag)
    return PushResult(repo_id, branch, tag, commit, 0, len(rel), f"{api.endpoint}/datasets/{repo_id}")


def pull_dataset(repo_id: str, revision: str, out: str | Path | None = None, *, token: str | None = None,
                 configs: list[str] | None = None) -> Path:
    """Downloads a dataset version (all configs, or some) into `out` (default: the HF cache); returns the folder."""
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HfHubHTTPError

    patterns = None if not configs else ["README.md", "build_report.json", *(f"{c}/*" for c in configs)]
    try:
        path = snapshot_download(repo_id, repo_type=REPO_TYPE, revision=revision, local_dir=out,
                                 allow_patterns=patterns, token=token)
    except HfHubHTTPError as exc:
        raise HubError(f"pull of {repo_id}@{revision} failed: {exc}") from exc
    return Path(path)


def load(repo_id: str, config: str, revision: str, split: str = "train", token: str | None = None):
    """`datasets.load_dataset` of one config at a version (what users write; here for scripts and tests)."""
    from datasets import load_dataset

    return load_dataset(repo_id, config, revision=revision, split=split, token=token)
