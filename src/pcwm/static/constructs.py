"""OpenMP directives for the static walk: what each one does to data sharing, threads, phases, locks and tasks.

OpenMP semantics used (OpenMP 5.x, C/C++):
- parallel / teams start a team: code in them runs on every thread (every team); `num_threads(1)` or `if(0)` on
  parallel runs it on one thread.
- for / loop / distribute / taskloop spread iterations over threads (teams, tasks); their iteration variables (all
  loops of a collapse nest) are private; simd runs iterations in lanes (concurrently within `safelen`) of the
  thread that meets it: inside a work-shared iteration, single, section or task, two simd loops run one after the
  other on that thread.
- private, firstprivate, lastprivate, reduction, in_reduction, task_reduction, linear make a per-thread copy;
  default(private|firstprivate) privatises everything not listed; a task's shared(x) of a thread-private x makes x
  shared between that thread and the task; variables declared inside are private (not static ones).
- for, sections, single end with a barrier unless nowait; master / masked / `if (thread number == K)` blocks run on
  one thread without a barrier; critical(name), omp locks and ordered blocks exclude each other by name, within
  one team (a contention group: under teams they do not exclude threads of other teams); atomic accesses do not
  race with each other; ordered(n) associates n loops like collapse(n).
- a task runs concurrently with its creator until a taskwait or the end of an enclosing taskgroup (or a barrier);
  sibling tasks are ordered by depend(in/out/inout) on the same item (transitively); mutexinoutset tasks exclude
  each other and are ordered with in/out tasks on the item; taskwait depend(...) waits for conflicting tasks only,
  and so does an undeferred task (if(0)) with depend(...): its creator waits for it, and it for its dependences.
"""

from __future__ import annotations

from pcwm.problems.omp_source import loop_variable, single_statement
from pcwm.static import forms
from pcwm.static.model_types import TaskInfo, Var, item_name
from pcwm.static.sync import after_atomic
from pcwm.static.walker import Ctx, Undecided, Walker

KNOWN = frozenset({
    "parallel", "for", "do", "simd", "sections", "section", "single", "task", "taskloop", "taskwait", "taskyield",
    "taskgroup", "barrier", "critical", "atomic", "master", "masked", "ordered", "flush", "teams", "distribute",
    "target", "loop", "threadprivate", "declare", "cancel", "cancellation", "point", "scan", "depobj",
})
IGNORED_WORDS = ("requires", "end", "begin", "declare", "nothing", "assumes", "assume", "error")
PRIVATE = ("private", "firstprivate", "lastprivate", "reduction", "in_reduction", "task_reduction", "linear")
LOOP_WORDS = ("for", "loop", "distribute", "simd", "taskloop")


def construct(w: Walker, chain: list, body) -> None:
    """A chain of pragmas (`#pragma omp parallel` then `#pragma omp for` ...) applied to one statement."""

    def run(i: int) -> None:
        if i == len(chain):
            w.statement_or_none(body)
        else:
            _one(w, chain[i], lambda: run(i + 1), body if i == len(chain) - 1 else None)

    before = w.regions
    run(0)
    if w.regions > before and body is not None:
        w.region_bodies.append(body)


def standalone(w: Walker, p) -> None:
    words = set(p.directive)
    if not words:
        first = w.text(p.node).split("omp", 1)[-1].split()
        if first and first[0].split("(")[0] not in IGNORED_WORDS and w.ctx is not None:
            raise Undecided(f"unknown directive '#pragma omp {first[0]}' at line {p.line}")
        return
    if w.ctx is None:
        return
    if "barrier" in words:
        w.barrier()
    elif "taskwait" in words:
        w.seq += 1
        items = _depend_items(p)  # taskwait depend(...) waits only for tasks whose dependences conflict
        w.taskwaits.append((w.ctx.flow, w.seq, items or None))
    elif "flush" in words:
        w.seq += 1
        w.flushes.append((w.ctx.flow, w.seq))
    elif "ordered" in words:
        text = " ".join(f"{c.name}({c.args})" for c in p.clauses)
        if "source" in text:
            w.locks.discard("ordered")
        elif "sink" in text:
            w.locks.add("ordered")


def _one(w: Walker, p, inner, loop_node) -> None:
    words = set(p.directive)
    if unknown := words - KNOWN:
        raise Undecided(f"directive '{' '.join(sorted(unknown))}' at line {p.line}")
    saved = (w.ctx, set(w.locks), len(w.scopes), w.seq_loops, w.groups)
    combined_region = False
    try:
        if ("parallel" in words or "teams" in words) and not _serial(p):
            _enter_team(w, p, words)
            combined_region = True
        elif w.ctx is None and words & {"simd", "taskloop", "loop"} and not words & {"parallel", "teams"}:
            w.regions += 1
            w.ctx = Ctx(region=w.new_id(), ws=("rep", 0), ivars=frozenset(), flow=("rep", 0))
            w.phase = w.new_phase()
            combined_region = True
        if w.ctx is None:
            inner()
            return
        if words & set(LOOP_WORDS) and loop_node is not None and loop_node.type == "for_statement":
            _loop(w, p, words, inner, loop_node, combined_region)
        elif "sections" in words:
            _sections(w, p, loop_node, inner, combined_region)
        elif "single" in words:
            _once(w, p, "any", inner, barrier=p.clause("nowait") is None and not combined_region)
        elif "master" in words or "masked" in words:
            flt = p.clause("filter")
            _once(w, p, f"tid{(flt.args or '0').strip()}" if flt else "tid0", inner, barrier=False)
        elif "critical" in words:
            name = next((c.args for c in p.clauses if c.name == "critical"), None) or _critical_name(w, p)
            if not w.ctx.league:  # a critical section excludes threads of one team only (a contention group)
                w.ctx = w.ctx_with(crit=w.ctx.crit | {f"critical:{name}"})
            inner()
        elif "atomic" in words:
            w.ctx = w.ctx_with(atomic=True)
            first = len(w.accesses)
            inner()
            after_atomic(w, p, first)
            if p.clause("capture") is not None or "capture" in w.text(p.node):
                _captured_ticket(w, loop_node)
        elif "ordered" in words:
            w.ctx = w.ctx_with(crit=w.ctx.crit | {"ordered"})
            inner()
        elif "task" in words:
            _task(w, p, inner)
        elif "taskgroup" in words:
            gid = w.new_id()
            w.groups = (*w.groups, gid)
            inner()
            w.seq += 1
            w.group_ends[gid] = w.seq
        else:
            inner()  # target, target data, teams handled above, ...
    finally:
        ctx, locks, depth, seq_loops, groups = saved
        del w.scopes[depth:]
        w.seq_loops, w.groups = seq_loops, groups
        w.ctx = ctx
        if ctx is None:
            w.locks = locks


def _captured_ticket(w: Walker, stmt) -> None:
    """`v = x++` (or `v = x; x++`) under atomic capture: each execution gets its own value of v (a ticket),
    so v indexes distinct elements; v gets a unique symbol `#N` that pins like an iteration variable."""
    from pcwm.problems.omp_source import walk

    for n in walk(stmt) if stmt is not None else ():
        if n.type == "assignment_expression" and w.text(n.child_by_field_name("operator")) == "=":
            left = n.child_by_field_name("left")
            var = w.lookup(w.text(left)) if left is not None and left.type == "identifier" else None
            if var is not None and var.kind == "private" and not var.pointer:
                var.form = {f"#{w.new_id()}": 1, "": 0}
            return


def _depend_items(p) -> list[tuple[str, str]]:
    """(kind, item text) of a construct's depend clauses: in, out, inout, mutexinoutset, inoutset."""
    out = []
    for c in p.clauses_named("depend"):
        kind, _, items = (c.args or "").partition(":")
        kind = kind.strip().split(",")[-1].strip()
        for item in items.split(","):
            text = "".join(item.split())
            if text:
                out.append((kind, text))
    return out


def _critical_name(w: Walker, p) -> str:
    text = w.text(p.node)
    if "(" in text.split("critical", 1)[-1]:
        return text.split("critical", 1)[-1].split("(", 1)[1].split(")", 1)[0].strip()
    return ""


def _serial(p) -> bool:
    nt, cond = p.clause("num_threads"), p.clause("if")
    if nt is not None and (nt.args or "").strip() == "1":
        return True
    return cond is not None and (cond.args or "").split(":")[-1].strip() in ("0", "false")


def _enter_team(w: Walker, p, words: set) -> None:
    add = ({forms.TID} if "parallel" in words else set()) | ({"team()"} if "teams" in words else set())
    if w.ctx is None:
        w.regions += 1
        rid = w.new_id()
        w.phase = w.new_phase()
        w.locks = set()
        w.ctx = Ctx(region=rid, ws=("rep", rid), ivars=frozenset(add), flow=("rep", rid), league="teams" in words)
    else:
        sid = w.new_id()
        w.ctx = w.ctx_with(ws=("rep", sid), ivars=w.ctx.ivars | add, flow=("rep", sid), atomic=False,
                           league=w.ctx.league or "teams" in words)
    w.seq_loops = []
    _privatize(w, p)


def _privatize(w: Walker, p, task: bool = False) -> None:
    scope: dict[str, Var] = {}
    for c in p.clauses:
        if c.name in PRIVATE:
            for item in c.items():
                name = item_name(item.split(":")[-1] if c.name == "linear" else item)
                if not name:
                    continue
                outer = w.lookup(name)
                var = Var(name, "private", pointer=bool(outer and outer.pointer), array=bool(outer and outer.array))
                if outer is not None and outer.pointer and c.name in ("firstprivate", "linear"):
                    var.target = outer.target if outer.target is not None else outer.pointee()
                elif outer is not None and c.name == "firstprivate" and outer.kind != "private":
                    var.form = forms.sym(name)
                elif outer is not None and c.name == "firstprivate":
                    var.form = outer.form
                if outer is not None and c.name == "firstprivate":
                    var.upper = outer.upper
                scope[name] = var
        elif c.name == "shared" and task:
            for item in c.items():
                outer = w.lookup(item_name(item) or "")
                if outer is not None and outer.kind == "private" and not outer.array:
                    outer.kind = "thread"
        elif c.name == "default" and (c.args or "").strip() in ("private", "firstprivate"):
            scope["\0default"] = Var("\0default", "private")
    w.scopes.append(scope)


def _loop(w: Walker, p, words: set, inner, node, combined_region: bool) -> None:
    depth = 1
    for name in ("collapse", "ordered"):  # ordered(n) also associates n loops (doacross)
        c = p.clause(name)
        if c is not None and (c.args or "").strip().isdigit():
            depth = max(depth, int(c.args.strip()))
    names, loop = [], node
    for _ in range(depth):
        if loop is None or loop.type != "for_statement":
            break
        if (v := loop_variable(w.src, loop)) is not None:
            names.append(v)
        loop = single_statement(loop.child_by_field_name("body"))
    ivars = set(w.ctx.ivars)
    if words & {"distribute", "loop"}:
        ivars.discard("team()")
    ivars |= set(names)
    if w.ctx.ws[0] == "rep" and w.ctx.ivars & {forms.TID, "team()"} and not words & {"for", "loop", "distribute"}:
        ivars.add("copy()")  # taskloop / simd met by every thread: each thread runs the whole iteration space
    lid = w.new_id()
    safelen = None
    sl = p.clause("safelen") or p.clause("simdlen")
    if "simd" in words and not words & {"for", "distribute", "taskloop"} and sl is not None \
            and (sl.args or "").strip().isdigit():
        safelen = int(sl.args.strip())
    ws, flow, sched = ("loop", lid), ("loop", lid), _static_signature(w, p, words, node, names)
    if words & {"simd"} and not words & {"for", "distribute", "taskloop", "loop"} and safelen is None \
            and w.ctx.ws[0] in ("loop", "once", "section", "task"):
        ws, flow, sched = w.ctx.ws, w.ctx.flow, w.ctx.sched  # simd alone: the same thread runs every lane
        simd = (lid, frozenset(names))
    else:
        simd = None
    w.ctx = w.ctx_with(ws=ws, ivars=frozenset(ivars), flow=flow, safelen=safelen, sched=sched, simd=simd)
    w.seq_loops = []
    _privatize(w, p)
    loop = node
    for n in names:
        w.scopes[-1][n] = Var(n, "private", form=forms.sym(n))
        w.bounds.pop(n, None)
        if loop is not None and loop.type == "for_statement":
            w.ivar_forms[n] = w.scopes[-1][n].form = w.stride_form(n, loop)
            w.note_bound(n, loop, key=n)
            w.note_range(w.scopes[-1][n], loop, symbol=n)
            loop = single_statement(loop.child_by_field_name("body"))
    for c in p.clauses_named("linear"):
        for item in c.items() if names else ():
            name, _, step = item.partition(":")
            var = w.scopes[-1].get(name.strip())
            step = step.strip() or "1"
            if var is not None and not var.pointer and step.lstrip("-").isdigit():
                var.form = {name.strip() + "@start": 1, names[0]: int(step), "": 0}  # x = start + step * i
    inner()
    nowait = p.clause("nowait") is not None or p.clause("nogroup") is not None
    if not combined_region and not nowait and words & {"for", "loop", "taskloop"}:
        w.barrier()


def _static_signature(w: Walker, p, words: set, node, names: list[str]) -> str | None:
    """Loops with this same signature give each iteration number to the same thread (OpenMP's static schedule
    guarantee for equal iteration spaces and chunk sizes); the loop variable is renamed so i and j loops match."""
    sched = p.clause("schedule")
    if not words & {"for"} or sched is None or not (sched.args or "").replace(" ", "").startswith("static") \
            or len(names) != 1 or words & {"simd", "taskloop", "distribute"}:
        return None
    import re

    parts = [node.child_by_field_name(f) for f in ("initializer", "condition", "update")]
    text = "|".join(w.text(x) if x is not None else "" for x in parts)
    text = re.sub(r"\s+", "", re.sub(rf"\b{re.escape(names[0])}\b", "@", text))
    return f"{(sched.args or '').replace(' ', '')}|{text}"


def _sections(w: Walker, p, node, inner, combined_region: bool) -> None:
    sid = w.new_id()
    _privatize(w, p)
    base = w.ctx
    body = node
    if body is None or body.type != "compound_statement":
        inner()
        return
    w.scopes.append({})
    index = 0
    w.ctx = w.ctx_with(ws=("section", sid, 0), flow=("section", sid, 0), ivars=base.ivars - {forms.TID})
    children = list(body.named_children)
    k = 0
    while k < len(children):
        q = w.omp_pragma(children[k])
        if q is not None and q.has("section"):
            index += 1
            w.ctx = w.ctx_with(ws=("section", sid, index), flow=("section", sid, index))
            k += 1
            if k < len(children):
                w.statement(children[k])
        else:
            w.block([children[k]])
        k += 1
    w.ctx = base
    if not combined_region and p.clause("nowait") is None:
        w.barrier()


def _once(w: Walker, p, who: str, inner, barrier: bool) -> None:
    oid = w.new_id()
    w.ctx = w.ctx_with(ws=("once", oid, who), flow=("once", oid, who), ivars=w.ctx.ivars - {forms.TID})
    w.seq_loops = []
    _privatize(w, p)
    inner()
    if barrier:
        w.barrier()


def guarded(w: Walker, who: str, fn) -> None:
    """A branch only thread `who` runs (if (omp_get_thread_num() == K))."""
    saved, seq_loops = w.ctx, w.seq_loops
    oid = w.new_id()
    w.ctx = w.ctx_with(ws=("once", oid, who), flow=("once", oid, who), ivars=w.ctx.ivars - {forms.TID})
    w.seq_loops = []
    try:
        fn()
    finally:
        w.ctx, w.seq_loops = saved, seq_loops


def _task(w: Walker, p, inner) -> None:
    cond = p.clause("if")
    if cond is not None and (cond.args or "").split(":")[-1].strip() in ("0", "false"):
        items = _depend_items(p)
        if items:  # it still waits for the sibling tasks it depends on, and its creator waits for it
            w.seq += 1
            w.taskwaits.append((w.ctx.flow, w.seq, items))
        inner()  # undeferred: runs right away in the creating thread
        return
    tid = w.new_id()
    ctx = w.ctx
    multi = ctx.ws[0] in ("rep", "loop") or any(w.seq_loops)
    captured = {n for n in w.seq_loops if n and (v := w.lookup(n)) is not None and v.kind == "private"}
    ivars = None
    if multi:
        ivars = frozenset((ctx.ivars if ctx.ws[0] in ("rep", "loop") else frozenset()) | captured)
    depend = _depend_items(p)
    mutex = {f"mutex:{text}" for kind, text in depend if kind == "mutexinoutset"}
    w.seq += 1
    w.tasks[tid] = TaskInfo(tid, flow=ctx.flow, seq=w.seq, phase=w.phase, line=p.line, depend=depend,
                            ivars=ivars, groups=w.groups)
    w.ctx = w.ctx_with(tasks=(*ctx.tasks, tid), flow=("task", tid), ws=("task", tid),
                       ivars=ivars or frozenset(), crit=frozenset(mutex), atomic=False)
    saved_locks = w.locks
    w.locks = set()
    w.seq_loops = []
    _privatize(w, p, task=True)
    for n in captured:
        if (v := w.lookup(n)) is not None and v.kind == "private":  # not made shared(...) by this task
            w.ivar_forms[n] = w.loop_forms.get(n, forms.sym(n))
            w.scopes[-1].setdefault(n, Var(n, "private", form=w.ivar_forms[n]))
    try:
        inner()
    finally:
        w.locks = saved_locks
