"""Storage of the test Hub server (tests/hub_server.py): repos, immutable commits, branches, tags, LFS blobs.

A commit is a full snapshot {path: Entry}; blobs are content-addressed files (sha256) in the server's folder.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

GITATTRIBUTES = b"*.parquet filter=lfs diff=lfs merge=lfs -text\n*.safetensors filter=lfs diff=lfs merge=lfs -text\n"


def git_hash(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def lfs_pointer(sha256: str, size: int) -> bytes:
    return f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {size}\n".encode()


@dataclass(frozen=True)
class Entry:
    size: int
    sha256: str  # content key in the blob store
    lfs: bool

    @property
    def oid(self) -> str:  # git oid: of the content, or of the pointer for LFS files
        return git_hash(lfs_pointer(self.sha256, self.size)) if self.lfs else self.git_oid

    git_oid: str = ""


@dataclass
class Commit:
    oid: str
    parent: str | None
    files: dict[str, Entry]
    title: str
    message: str
    date: str


@dataclass
class Repo:
    type: str
    id: str
    private: bool
    commits: dict[str, Commit] = field(default_factory=dict)
    branches: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)

    def resolve(self, rev: str) -> Commit | None:
        rev = unquote(rev)
        for table in (self.branches, self.tags):
            if rev in table:
                return self.commits[table[rev]]
        for prefix, table in (("refs/heads/", self.branches), ("refs/tags/", self.tags)):
            if rev.startswith(prefix) and rev[len(prefix) :] in table:
                return self.commits[table[rev[len(prefix) :]]]
        return self.commits.get(rev)


class HubError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None):
        super().__init__(message)
        self.status, self.message, self.code = status, message, code


class Store:
    """Repos, commits and content-addressed blobs; one lock serialises every mutation."""

    def __init__(self, root: Path):
        self.root = Path(root)
        (self.root / "blobs").mkdir(parents=True, exist_ok=True)
        self.repos: dict[tuple[str, str], Repo] = {}
        self.lock = threading.RLock()
        self.counts: Counter = Counter()  # requests served by kind (tests assert on uploads and commits)
        self.fail_commits_after: int | None = None  # fault injection: commits beyond this many answer 500

    def blob_path(self, sha256: str) -> Path:
        return self.root / "blobs" / sha256

    def put_blob(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        path = self.blob_path(sha)
        if not path.exists():
            tmp = path.with_suffix(".tmp" + uuid.uuid4().hex)
            tmp.write_bytes(data)
            tmp.replace(path)
        return sha

    def repo(self, rtype: str, rid: str, *, authed: bool) -> Repo:
        repo = self.repos.get((rtype, rid))
        if repo is None or (repo.private and not authed):
            raise HubError(404, f"Repository {rid} not found", "RepoNotFound")
        return repo

    def commit(self, repo: Repo, branch: str, files: dict[str, Entry], title: str, message: str) -> Commit:
        parent = repo.branches.get(branch)
        oid = hashlib.sha1(f"{repo.id}{branch}{parent}{time.time_ns()}{uuid.uuid4()}".encode()).hexdigest()
        c = Commit(oid, parent, files, title, message, time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()))
        repo.commits[oid] = c
        repo.branches[branch] = oid
        return c

    def create_repo(self, rtype: str, rid: str, private: bool) -> Repo:
        with self.lock:
            if (rtype, rid) in self.repos:
                raise HubError(409, "You already created this repo")
            repo = Repo(rtype, rid, private)
            sha = self.put_blob(GITATTRIBUTES)
            entry = Entry(len(GITATTRIBUTES), sha, False, git_hash(GITATTRIBUTES))
            self.commit(repo, "main", {".gitattributes": entry}, "initial commit", "")
            self.repos[(rtype, rid)] = repo
            return repo


def tree_entries(commit: Commit, path: str, recursive: bool) -> list[dict]:
    """Files and folders under `path` (immediate children unless recursive), in the Hub's JSON shape."""
    base = path.strip("/")
    prefix = f"{base}/" if base else ""
    if base and base in commit.files:
        raise HubError(400, f"{base} is a file, not a folder")
    files, dirs = {}, set()
    for p, e in commit.files.items():
        if not p.startswith(prefix):
            continue
        rest = p[len(prefix) :].split("/")
        if len(rest) == 1 or recursive:
            files[p] = e
        for i in range(1, len(rest) if recursive else min(2, len(rest))):
            dirs.add(prefix + "/".join(rest[:i]))
    if base and not files and not dirs:
        raise HubError(404, f"Entry {base} not found", "EntryNotFound")
    out = [folder_json(d) for d in sorted(dirs)]
    return out + [file_json(p, e) for p, e in sorted(files.items())]


def file_json(path: str, e: Entry) -> dict:
    d = {"type": "file", "oid": e.oid, "size": e.size, "path": path}
    if e.lfs:
        d["lfs"] = {"oid": e.sha256, "size": e.size, "pointerSize": len(lfs_pointer(e.sha256, e.size))}
    return d


def folder_json(path: str) -> dict:
    return {"type": "directory", "oid": hashlib.sha1(path.encode()).hexdigest(), "size": 0, "path": path}
