"""A small Hugging Face Hub-protocol server for tests only (never used by the product).

No maintained local server on PyPI accepts uploads (see ../shared/FACTS.md, "Hub without the Hub"), so tests start
this one on loopback and point the real clients at it with `HF_ENDPOINT`. It speaks the subset of the Hub HTTP API
that `huggingface_hub` and `datasets` call for create_repo, uploads (regular + LFS basic transfer), commits,
branches, tags, refs, repo info, tree, paths-info and ranged downloads. Storage is a folder (content-addressed blobs)
plus in-memory commit graphs; history is immutable, as on the Hub.

Run alone: `python tests/hub_server.py --port 8765 --root /tmp/hub` (prints the endpoint).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from hub_store import Commit, Entry, HubError, Repo, Store, file_json, folder_json, git_hash, tree_entries

PREFIX = {"model": "", "dataset": "datasets/", "space": "spaces/"}
PLURAL = {"models": "model", "datasets": "dataset", "spaces": "space"}
LFS_SUFFIXES = (".parquet", ".arrow", ".bin", ".safetensors", ".pt", ".gz", ".zip", ".npy")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pcwm-test-hub/1"
    store: Store  # set on the subclass by HubServer

    def log_message(self, fmt, *args):  # quiet: tests print failures, not access logs
        pass

    # ------------------------------------------------------------ plumbing
    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status: int, body: bytes = b"", ctype="application/json", headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in (headers or {}).items():
            self.send_header(k, str(v))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, obj, status: int = 200, headers: dict | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), headers=headers)

    def _authed(self) -> bool:
        return self.headers.get("Authorization", "").startswith("Bearer ") and len(self.headers["Authorization"]) > 7

    def _dispatch(self) -> None:
        url = urlparse(self.path)
        self.query = parse_qs(url.query)
        path = url.path
        try:
            for method, pattern, fn in ROUTES:
                if method == self.command or (method == "GET" and self.command == "HEAD"):
                    m = pattern.fullmatch(path)
                    if m:
                        return fn(self, **m.groupdict())
            raise HubError(404, f"no route for {self.command} {path}")
        except Exception as exc:  # a server bug must answer 500, not drop the connection
            if not isinstance(exc, HubError):
                traceback.print_exc()
                exc = HubError(500, f"test server error: {exc!r}")
            headers = {"X-Error-Message": exc.message}
            if exc.code:
                headers["X-Error-Code"] = exc.code
            self._json({"error": exc.message}, exc.status, headers)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _dispatch

    def _repo(self, plural: str, rid: str) -> Repo:
        return self.store.repo(PLURAL[plural], rid, authed=self._authed())

    def _rev(self, repo: Repo, rev: str) -> Commit:
        c = repo.resolve(rev)
        if c is None:
            raise HubError(404, f"Invalid rev id: {unquote(rev)}", "RevisionNotFound")
        return c

    def _need_write(self) -> None:
        if not self._authed():
            raise HubError(401, "Invalid credentials in Authorization header")


# ---------------------------------------------------------------- route handlers
def whoami(h: Handler):
    if not h._authed():
        raise HubError(401, "Invalid credentials in Authorization header")
    h._json({"type": "user", "name": "pcwm-tester", "fullname": "pcwm tester", "orgs": [{"name": "pcwm"}],
             "auth": {"type": "access_token", "accessToken": {"displayName": "test", "role": "write"}}})


def create_repo(h: Handler):
    h._need_write()
    p = json.loads(h._body() or b"{}")
    rtype = p.get("type") or "model"
    rid = f"{p.get('organization') or 'pcwm-tester'}/{p['name']}"
    private = bool(p.get("private")) or p.get("visibility") == "private"
    body = {"url": f"http://{h.headers['Host']}/{PREFIX[rtype]}{rid}", "name": rid, "id": rid}
    try:
        h.store.create_repo(rtype, rid, private)
    except HubError as exc:  # the Hub answers 409 with the repo's url (create_repo(exist_ok=True) reads it)
        return h._json({**body, "error": exc.message}, exc.status, {"X-Error-Message": exc.message})
    h._json(body)


def validate_yaml(h: Handler):
    h._body()
    h._json({"errors": [], "warnings": []})


def repo_info(h: Handler, plural: str, rid: str, rev: str = "main"):
    repo = h._repo(plural, rid)
    c = h._rev(repo, rev)
    siblings = [{"rfilename": p, "size": e.size, "blobId": e.oid,
                 **({"lfs": {"size": e.size, "sha256": e.sha256, "pointerSize": 130}} if e.lfs else {})}
                for p, e in sorted(c.files.items())]
    h._json({"id": repo.id, "_id": repo.id, "author": repo.id.split("/")[0], "sha": c.oid, "private": repo.private,
             "gated": False, "disabled": False, "downloads": 0, "likes": 0, "tags": [], "siblings": siblings,
             "lastModified": c.date, "createdAt": c.date, "usedStorage": sum(e.size for e in c.files.values())})


def tree(h: Handler, plural: str, rid: str, rev: str, path: str | None = None):
    repo = h._repo(plural, rid)
    c = h._rev(repo, rev)
    recursive = h.query.get("recursive", ["false"])[0].lower() in ("1", "true")
    out = tree_entries(c, unquote(path or ""), recursive)
    if h.query.get("expand", ["false"])[0].lower() in ("1", "true"):
        for d in out:
            d["lastCommit"] = {"id": c.oid, "title": c.title, "date": c.date}
    h._json(out)


def paths_info(h: Handler, plural: str, rid: str, rev: str):
    repo = h._repo(plural, rid)
    c = h._rev(repo, rev)
    form = parse_qs(h._body().decode())
    out = []
    for p in form.get("paths", []):
        p = p.strip("/")
        if p in c.files:
            out.append(file_json(p, c.files[p]))
        elif any(f.startswith(p + "/") for f in c.files):
            out.append(folder_json(p))
    h._json(out)


def preupload(h: Handler, plural: str, rid: str, rev: str):
    h._need_write()
    repo = h._repo(plural, rid)
    c = repo.resolve(rev)
    files = []
    for f in json.loads(h._body())["files"]:
        sample = base64.b64decode(f.get("sample", ""))
        lfs = f["path"].endswith(LFS_SUFFIXES) or f["size"] > 10_000_000 or b"\0" in sample
        old = c.files.get(f["path"]) if c else None
        oid = None if old is None else (old.sha256 if old.lfs else old.git_oid)
        files.append({"path": f["path"], "uploadMode": "lfs" if lfs else "regular", "shouldIgnore": False,
                      "oid": oid})
    h._json({"files": files, "commitOid": c.oid if c else None})


def commit(h: Handler, plural: str, rid: str, rev: str):
    h._need_write()
    if h.query.get("create_pr"):
        raise HubError(400, "pull requests are not supported by the test server")
    repo = h._repo(plural, rid)
    branch = unquote(rev)
    lines = [json.loads(x) for x in h._body().splitlines() if x.strip()]
    with h.store.lock:
        limit = h.store.fail_commits_after
        if limit is not None and h.store.counts["commit"] >= limit:
            raise HubError(500, "injected failure: commit refused")
        h.store.counts["commit"] += 1
        if branch not in repo.branches:
            raise HubError(404, f"Invalid rev id: {branch} (commits go to branches)", "RevisionNotFound")
        files = dict(repo.commits[repo.branches[branch]].files)
        header = next((x["value"] for x in lines if x["key"] == "header"), {})
        if header.get("parentCommit") and header["parentCommit"] != repo.branches[branch]:
            raise HubError(412, "A commit has happened since. Please refresh and try again.")
        for item in lines:
            _apply_op(h.store, files, item["key"], item["value"])
        c = h.store.commit(repo, branch, files, header.get("summary", ""), header.get("description", ""))
    h._json({"success": True, "commitOid": c.oid, "commitMessage": c.title, "pullRequestUrl": None,
             "commitUrl": f"http://{h.headers['Host']}/{PREFIX[repo.type]}{repo.id}/commit/{c.oid}"})


def _apply_op(store: Store, files: dict[str, Entry], key: str, v: dict) -> None:
    if key == "file":
        data = base64.b64decode(v["content"]) if v.get("encoding") == "base64" else v["content"].encode()
        files[v["path"]] = Entry(len(data), store.put_blob(data), False, git_hash(data))
    elif key == "lfsFile":
        path = store.blob_path(v["oid"])
        if not path.exists():
            raise HubError(422, f"LFS object {v['oid']} of {v['path']} was never uploaded")
        files[v["path"]] = Entry(path.stat().st_size, v["oid"], True)
    elif key == "deletedFile":
        files.pop(v["path"], None)
    elif key == "deletedFolder":
        for p in [p for p in files if p.startswith(v["path"].rstrip("/") + "/")]:
            del files[p]
    elif key != "header":
        raise HubError(400, f"unsupported commit operation {key}")


def create_branch(h: Handler, plural: str, rid: str, name: str):
    h._need_write()
    repo = h._repo(plural, rid)
    p = json.loads(h._body() or b"{}")
    with h.store.lock:
        name = unquote(name)
        if name in repo.branches:
            raise HubError(409, f"Reference already exists: refs/heads/{name}")
        start = h._rev(repo, p.get("startingPoint") or "main")
        repo.branches[name] = start.oid
    h._json({})


def delete_ref(h: Handler, plural: str, rid: str, kind: str, name: str):
    h._need_write()
    repo = h._repo(plural, rid)
    table = repo.branches if kind == "branch" else repo.tags
    if table.pop(unquote(name), None) is None:
        raise HubError(404, f"{kind} {unquote(name)} not found", "RevisionNotFound")
    h._json({})


def create_tag(h: Handler, plural: str, rid: str, rev: str):
    h._need_write()
    repo = h._repo(plural, rid)
    p = json.loads(h._body() or b"{}")
    with h.store.lock:
        c = h._rev(repo, rev)
        if p["tag"] in repo.tags:
            raise HubError(409, f"Tag {p['tag']} already exists")
        repo.tags[p["tag"]] = c.oid
    h._json({})


def refs(h: Handler, plural: str, rid: str):
    repo = h._repo(plural, rid)

    def info(kind, name, oid):
        return {"name": name, "ref": f"refs/{kind}/{name}", "targetCommit": oid}

    h._json({"branches": [info("heads", n, o) for n, o in sorted(repo.branches.items())], "converts": [],
             "tags": [info("tags", n, o) for n, o in sorted(repo.tags.items())], "pullRequests": []})


def commits(h: Handler, plural: str, rid: str, rev: str):
    repo = h._repo(plural, rid)
    c, out = h._rev(repo, rev), []
    while c is not None:
        out.append({"id": c.oid, "title": c.title, "message": c.message, "date": c.date,
                    "authors": [{"user": "pcwm-tester"}]})
        c = repo.commits.get(c.parent) if c.parent else None
    h._json(out)


def lfs_batch(h: Handler, prefix: str, rid: str):
    h._need_write()
    rtype = {"": "model", "datasets/": "dataset", "spaces/": "space"}[prefix or ""]
    h.store.repo(rtype, rid, authed=True)
    objects = []
    for o in json.loads(h._body())["objects"]:
        d = {"oid": o["oid"], "size": o["size"]}
        if not h.store.blob_path(o["oid"]).exists():
            d["actions"] = {"upload": {"href": f"http://{h.headers['Host']}/lfs-upload/{o['oid']}", "header": {}}}
        objects.append(d)
    h._json({"transfer": "basic", "objects": objects})


def lfs_put(h: Handler, oid: str):
    data = h._body()
    if hashlib.sha256(data).hexdigest() != oid:
        raise HubError(400, "uploaded content does not match its sha256")
    h.store.put_blob(data)
    h.store.counts["lfs_put"] += 1
    h._send(200, b"")


def resolve(h: Handler, prefix: str, rid: str, rev: str, path: str):
    rtype = {"": "model", "datasets/": "dataset", "spaces/": "space"}[prefix or ""]
    repo = h.store.repo(rtype, rid, authed=h._authed())
    c = h._rev(repo, rev)
    e = c.files.get(unquote(path))
    if e is None:
        raise HubError(404, f"Entry {unquote(path)} not found", "EntryNotFound")
    data = h.store.blob_path(e.sha256).read_bytes()
    headers = {"X-Repo-Commit": c.oid, "ETag": f'"{e.sha256 if e.lfs else e.git_oid}"', "Accept-Ranges": "bytes"}
    if e.lfs:
        headers.update({"X-Linked-Etag": f'"{e.sha256}"', "X-Linked-Size": e.size})
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", h.headers.get("Range", ""))
    if m and data:
        start = int(m.group(1)) if m.group(1) else max(0, len(data) - int(m.group(2)))
        end = int(m.group(2)) if m.group(1) and m.group(2) else len(data) - 1
        end = min(end, len(data) - 1)
        headers["Content-Range"] = f"bytes {start}-{end}/{len(data)}"
        return h._send(206, data[start : end + 1], "application/octet-stream", headers)
    h._send(200, data, "application/octet-stream", headers)


_RID = r"(?P<rid>[^/]+/[^/]+)"
_API = r"/api/(?P<plural>models|datasets|spaces)/" + _RID
_PFX = r"/(?P<prefix>datasets/|spaces/)?"
ROUTES = [
    ("GET", re.compile(r"/api/whoami-v2"), whoami),
    ("POST", re.compile(r"/api/repos/create"), create_repo),
    ("POST", re.compile(r"/api/validate-yaml"), validate_yaml),
    ("GET", re.compile(_API), repo_info),
    ("GET", re.compile(_API + r"/revision/(?P<rev>[^/]+)"), repo_info),
    ("GET", re.compile(_API + r"/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?"), tree),
    ("POST", re.compile(_API + r"/paths-info/(?P<rev>[^/]+)"), paths_info),
    ("POST", re.compile(_API + r"/preupload/(?P<rev>[^/]+)"), preupload),
    ("POST", re.compile(_API + r"/commit/(?P<rev>[^/]+)"), commit),
    ("POST", re.compile(_API + r"/branch/(?P<name>[^/]+)"), create_branch),
    ("DELETE", re.compile(_API + r"/(?P<kind>branch|tag)/(?P<name>[^/]+)"), delete_ref),
    ("POST", re.compile(_API + r"/tag/(?P<rev>[^/]+)"), create_tag),
    ("GET", re.compile(_API + r"/refs"), refs),
    ("GET", re.compile(_API + r"/commits/(?P<rev>[^/]+)"), commits),
    ("POST", re.compile(_PFX + _RID + r"\.git/info/lfs/objects/batch"), lfs_batch),
    ("PUT", re.compile(r"/lfs-upload/(?P<oid>[0-9a-f]{64})"), lfs_put),
    ("GET", re.compile(_PFX + _RID + r"/resolve/(?P<rev>[^/]+)/(?P<path>.+)"), resolve),
]


class HubServer:
    """The test server on a loopback port, served from a background thread: `with HubServer(root) as hub: ...`."""

    def __init__(self, root: str | Path, port: int = 0):
        self.store = Store(Path(root))
        handler = type("BoundHandler", (Handler,), {"store": self.store})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> HubServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self) -> HubServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def client_env(self, hf_home: str | Path, token: str | None = "pcwm-test-token") -> dict[str, str]:
        """Environment for a client process: set before huggingface_hub / datasets are imported."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "HUGGINGFACE_"))}
        env.update(HF_ENDPOINT=self.endpoint, HF_HUB_DISABLE_XET="1", HF_HOME=str(hf_home), HF_HUB_OFFLINE="0",
                   HF_DATASETS_OFFLINE="0", HF_HUB_DISABLE_TELEMETRY="1", HF_HUB_DISABLE_PROGRESS_BARS="1")
        if token:
            env["HF_TOKEN"] = token
        return env


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--root", required=True, help="folder for the blob store")
    args = ap.parse_args()
    server = HubServer(args.root, args.port)
    print(server.endpoint, flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
