// pcwm_workpct: an OMPT tool that measures Caliper's OpenMP "work percentage" per parallel region.
//
// Load with OMP_TOOL_LIBRARIES=/path/libpcwm_workpct.so and PCWM_WORKPCT_OUT=/path/out.json (without the latter
// the tool declines to attach). Definition: Caliper's work % (pinned commit 74e48659), read in its sources
// src/services/ompt/OmptService.cpp (which OMPT callbacks become which attributes), src/services/event/EventTrigger.cpp
// (a snapshot before every begin/end of those attributes, on the calling thread only), src/services/timer/Timer.cpp
// (a snapshot's duration is the time since the same thread's previous snapshot, so each interval is charged to what
// the thread had open during it) and the openmp.times / openmp.efficiency specs in
// src/caliper/controllers/controllers.cpp (work = time with omp.work open, barrier = time with omp.sync open,
// total = time with either open, Work % = work / total, summed over every thread of the process):
//   work % = 100 * sum over threads of wall time inside worksharing constructs (ompt_callback_work: loop, sections,
//            single executor/other, workshare, distribute, taskloop, scope)
//          / sum over threads of wall time inside worksharing constructs or sync regions (ompt_callback_sync_region:
//            every barrier kind, taskwait, taskgroup, reduction).
// Not counted, as in Caliper: the time between parallel begin and the first work/sync begin on the primary thread,
// a new worker's start-up before its first work begin, code in a parallel region outside worksharing and sync, and
// anything after the thread's last work/sync end. Implicit-task begin/end delimit nothing (Caliper's are
// skip-events attributes). All threads count: initial, workers, nested teams. Regions are keyed by the parallel
// construct's codeptr_ra (Caliper by the annotation open at the snapshot; the caliper backend puts one around each
// parallel construct). Three consequences of counting per thread between snapshots:
//  - nesting: only the outermost work and the outermost sync region of a thread is timed; time a thread spends in a
//    sync region nested in a work region (taskwait in a single) or in a work region nested in a sync region (a task
//    with a loop run inside a barrier) is counted once, as work (Caliper: total = first(work, sync));
//  - a worker's end-of-region barrier lasts past the region's end: libomp reports its end only when the worker is
//    released for the next region it joins (fork barrier), and Caliper charges the whole interval to the annotation
//    open at that moment. We charge it, whole, to the region of the next implicit task this thread begins (the
//    region that woke it), decided per thread, so concurrent or nested teams cannot mix it up. When the thread
//    begins no other implicit task (program exit) it is not counted: Caliper never sees that barrier end either.
//    `sync_inregion_s` keeps the other split: the part of each wait before its own region ended;
//  - Caliper's own cost per snapshot falls inside the interval that follows it (its timestamp is read first), so it
//    adds to its work and sync times: microseconds per event, visible only on regions of a few microseconds.
// Per thread we also record CPU time (CLOCK_THREAD_CPUTIME_ID) in work and sync, and per invocation the per-thread
// work CPU time, from which the host-independent estimate is built (see profiler.py).
// CPU time in sync regions is read only with PCWM_WORKPCT_SYNC_CPU=1 (reported as null otherwise): a thread CPU clock
// read is a system call (~0.65 us here, against ~25 ns for CLOCK_MONOTONIC), and skipping these two per barrier
// halves the tool's cost per tiny parallel region.
// Hot path (work/sync begin/end) touches only thread-local memory; region lookup is a lock-free CAS table.
// Build: clang-16 -shared -fPIC -O2 pcwm_workpct.c -o libpcwm_workpct.so -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <omp-tools.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REGIONS 256 /* slot 0: work/sync outside any parallel region */
#define MAX_NEST 16

typedef struct { uint64_t work_ns, sync_ns, sync_in_ns, work_cpu_ns, sync_cpu_ns, n_work, n_sync; } acc_t;

typedef struct {
  const void *codeptr; /* set once by CAS */
  uint64_t invocations, max_team, est_work_ns, est_sync_ns, est_wall_ns, last_end_ns; /* atomics via __atomic */
} region_t;

typedef struct { int nslots; uint64_t *work_cpu; unsigned char *present; int rid; } inv_t;

typedef struct tstate {
  struct tstate *next;
  int id, type;
  int depth_region;                /* stack of (region id, invocation, slot) from implicit tasks */
  int rid[MAX_NEST]; inv_t *inv[MAX_NEST]; int slot[MAX_NEST];
  int work_depth, sync_depth, work_rid, sync_rid, work_slot;
  int sync_in_work, work_in_sync; /* the outer sync began inside work, or the outer work inside sync */
  int pending; uint64_t pending_ns, pending_cpu; /* an end-of-region wait, charged at the next implicit task begin */
  inv_t *work_inv;
  uint64_t work_t0, work_c0, sync_t0, sync_c0, overlap_ns; /* overlap: work inside the open sync region */
  acc_t acc[MAX_REGIONS];
} tstate_t;

static region_t regions[MAX_REGIONS];
static tstate_t *threads_head;
static int n_threads;
static pthread_mutex_t threads_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread tstate_t *ts;
static char out_path[4096];
static int sync_cpu; /* PCWM_WORKPCT_SYNC_CPU=1 */

static inline uint64_t now_ns(clockid_t c) {
  struct timespec t;
  clock_gettime(c, &t);
  return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static tstate_t *get_ts(int type) {
  if (ts) return ts;
  ts = calloc(1, sizeof(tstate_t));
  ts->type = type;
  pthread_mutex_lock(&threads_lock);  /* once per thread */
  ts->id = n_threads++;
  ts->next = threads_head;
  threads_head = ts;
  pthread_mutex_unlock(&threads_lock);
  return ts;
}

static int region_id(const void *codeptr) {
  uintptr_t h = ((uintptr_t)codeptr >> 4) * 0x9E3779B97F4A7C15ull;
  for (int k = 0; k < MAX_REGIONS - 1; k++) {
    int i = 1 + (int)((h + k) % (MAX_REGIONS - 1));
    const void *cur = __atomic_load_n(&regions[i].codeptr, __ATOMIC_ACQUIRE);
    if (cur == codeptr) return i;
    if (cur == NULL) {
      const void *expected = NULL;
      if (__atomic_compare_exchange_n(&regions[i].codeptr, &expected, codeptr, 0, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE) || expected == codeptr)
        return i;
    }
  }
  return 0; /* table full: charge to slot 0 */
}

static void on_thread_begin(ompt_thread_t type, ompt_data_t *data) { (void)data; get_ts((int)type); }

static void on_parallel_begin(ompt_data_t *task, const ompt_frame_t *frame, ompt_data_t *par, unsigned int req,
                              int flags, const void *codeptr) {
  (void)task; (void)frame; (void)flags;
  inv_t *inv = calloc(1, sizeof(inv_t));
  inv->rid = region_id(codeptr);
  inv->nslots = req > 0 ? (int)req : 1;
  inv->work_cpu = calloc(inv->nslots, sizeof(uint64_t));
  inv->present = calloc(inv->nslots, 1);
  par->ptr = inv;
}

static void on_parallel_end(ompt_data_t *par, ompt_data_t *task, int flags, const void *codeptr) {
  (void)task; (void)flags; (void)codeptr;
  inv_t *inv = par->ptr;
  if (!inv) return;
  region_t *r = &regions[inv->rid];
  uint64_t sum = 0, max = 0, n = 0;
  for (int i = 0; i < inv->nslots; i++) {
    if (!inv->present[i]) continue;
    n++; sum += inv->work_cpu[i];
    if (inv->work_cpu[i] > max) max = inv->work_cpu[i];
  }
  __atomic_fetch_add(&r->invocations, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&r->est_work_ns, sum, __ATOMIC_RELAXED);
  __atomic_fetch_add(&r->est_sync_ns, n * max - sum, __ATOMIC_RELAXED);
  __atomic_fetch_add(&r->est_wall_ns, max, __ATOMIC_RELAXED);
  uint64_t m = __atomic_load_n(&r->max_team, __ATOMIC_RELAXED);
  while (n > m && !__atomic_compare_exchange_n(&r->max_team, &m, n, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {}
  __atomic_store_n(&r->last_end_ns, now_ns(CLOCK_MONOTONIC), __ATOMIC_RELEASE);
  free(inv->work_cpu); free(inv->present); free(inv);
  par->ptr = NULL;
}

static void on_implicit_task(ompt_scope_endpoint_t ep, ompt_data_t *par, ompt_data_t *task, unsigned int n,
                             unsigned int index, int flags) {
  (void)task; (void)n;
  tstate_t *t = get_ts(ompt_thread_worker);
  if (flags & ompt_task_initial) return;
  if (ep == ompt_scope_begin) {
    inv_t *inv = par ? par->ptr : NULL;
    if (t->pending) { /* the wait that ended when this region woke the thread (see the header) */
      acc_t *b = &t->acc[inv ? inv->rid : 0];
      b->sync_ns += t->pending_ns; b->sync_cpu_ns += t->pending_cpu; b->n_sync++;
      t->pending = 0; t->pending_ns = t->pending_cpu = 0;
    }
    if (t->depth_region < MAX_NEST) {
      t->rid[t->depth_region] = inv ? inv->rid : 0;
      t->inv[t->depth_region] = inv;
      t->slot[t->depth_region] = inv && (int)index < inv->nslots ? (int)index : -1;
      if (inv && (int)index < inv->nslots) inv->present[index] = 1;
    }
    t->depth_region++;
  } else if (t->depth_region > 0) {
    t->depth_region--;
  }
}

static inline int top_rid(tstate_t *t) {
  return t->depth_region > 0 && t->depth_region <= MAX_NEST ? t->rid[t->depth_region - 1] : 0;
}

static void on_work(ompt_work_t wt, ompt_scope_endpoint_t ep, ompt_data_t *par, ompt_data_t *task, uint64_t count,
                    const void *codeptr) {
  (void)wt; (void)par; (void)task; (void)count; (void)codeptr;
  tstate_t *t = get_ts(ompt_thread_worker);
  if (ep == ompt_scope_begin) {
    if (t->work_depth++ == 0) {
      int d = t->depth_region;
      t->work_in_sync = t->sync_depth > 0;
      t->work_rid = top_rid(t);
      t->work_inv = d > 0 && d <= MAX_NEST ? t->inv[d - 1] : NULL;
      t->work_slot = d > 0 && d <= MAX_NEST ? t->slot[d - 1] : -1;
      t->work_c0 = now_ns(CLOCK_THREAD_CPUTIME_ID);
      t->work_t0 = now_ns(CLOCK_MONOTONIC);
    }
  } else if (t->work_depth > 0 && --t->work_depth == 0) {
    uint64_t wall = now_ns(CLOCK_MONOTONIC) - t->work_t0, cpu = now_ns(CLOCK_THREAD_CPUTIME_ID) - t->work_c0;
    acc_t *a = &t->acc[t->work_rid];
    a->work_ns += wall; a->work_cpu_ns += cpu; a->n_work++;
    if (t->work_in_sync) t->overlap_ns += wall; /* counted once, as work: taken off the enclosing sync */
    if (t->work_inv && t->work_slot >= 0) t->work_inv->work_cpu[t->work_slot] += cpu;
  }
}

static void on_sync(ompt_sync_region_t kind, ompt_scope_endpoint_t ep, ompt_data_t *par, ompt_data_t *task,
                    const void *codeptr) {
  (void)kind; (void)par; (void)task; (void)codeptr;
  tstate_t *t = get_ts(ompt_thread_worker);
  if (ep == ompt_scope_begin) {
    if (t->sync_depth++ == 0) {
      t->sync_rid = top_rid(t);
      t->sync_in_work = t->work_depth > 0;
      t->overlap_ns = 0;
      t->sync_c0 = sync_cpu ? now_ns(CLOCK_THREAD_CPUTIME_ID) : 0;
      t->sync_t0 = now_ns(CLOCK_MONOTONIC);
    }
  } else if (t->sync_depth > 0 && --t->sync_depth == 0) {
    uint64_t end = now_ns(CLOCK_MONOTONIC), cpu = sync_cpu ? now_ns(CLOCK_THREAD_CPUTIME_ID) - t->sync_c0 : 0;
    if (t->sync_in_work) return; /* already counted as work */
    uint64_t dur = end - t->sync_t0;
    dur = dur > t->overlap_ns ? dur - t->overlap_ns : 0;
    acc_t *a = &t->acc[t->sync_rid];
    uint64_t last = __atomic_load_n(&regions[t->sync_rid].last_end_ns, __ATOMIC_ACQUIRE);
    if (last > t->sync_t0 && last < end) { /* the region ended while this thread waited: see the header */
      a->sync_in_ns += last - t->sync_t0;
      a->n_sync++; /* keeps the thread's in-region wait in the output */
      t->pending = 1; t->pending_ns += dur; t->pending_cpu += cpu;
      return;
    }
    a->sync_ns += dur; a->sync_in_ns += dur; a->sync_cpu_ns += cpu; a->n_sync++;
  }
}

static double sec(uint64_t ns) { return (double)ns * 1e-9; }
static double pct(double w, double s) { return w + s > 0 ? 100.0 * w / (w + s) : -1.0; }

/* CPU seconds in sync regions as JSON: a number, or null when they were not measured */
static const char *sync_cpu_json(char *buf, size_t n, uint64_t ns) {
  if (!sync_cpu) return "null";
  snprintf(buf, n, "%.9f", sec(ns));
  return buf;
}

static void write_region(FILE *f, int rid, acc_t *tot) {
  region_t *r = &regions[rid];
  acc_t s = {0};
  Dl_info info = {0};
  struct link_map *lm = NULL;
  uintptr_t off = (uintptr_t)r->codeptr;
  if (rid && dladdr1(r->codeptr, &info, (void **)&lm, RTLD_DL_LINKMAP) && lm) off -= lm->l_addr;
  fprintf(f, "  {\"id\": %d, \"codeptr\": \"%p\", \"offset\": \"0x%lx\", \"object\": \"%s\", \"invocations\": %lu, "
          "\"max_team\": %lu,\n   \"threads\": [", rid, r->codeptr, (unsigned long)off,
          info.dli_fname ? info.dli_fname : "", (unsigned long)r->invocations, (unsigned long)r->max_team);
  int first = 1;
  char buf[64];
  for (tstate_t *t = threads_head; t; t = t->next) {
    acc_t *a = &t->acc[rid];
    if (!a->n_work && !a->n_sync) continue;
    fprintf(f, "%s\n    {\"thread\": %d, \"type\": %d, \"work_s\": %.9f, \"sync_s\": %.9f, \"sync_inregion_s\": %.9f, "
            "\"work_cpu_s\": %.9f, \"sync_cpu_s\": %s}", first ? "" : ",", t->id, t->type, sec(a->work_ns),
            sec(a->sync_ns), sec(a->sync_in_ns), sec(a->work_cpu_ns), sync_cpu_json(buf, sizeof buf, a->sync_cpu_ns));
    first = 0;
    s.work_ns += a->work_ns; s.sync_ns += a->sync_ns; s.sync_in_ns += a->sync_in_ns;
    s.work_cpu_ns += a->work_cpu_ns; s.sync_cpu_ns += a->sync_cpu_ns;
  }
  fprintf(f, "],\n   \"work_s\": %.9f, \"sync_s\": %.9f, \"sync_inregion_s\": %.9f, \"work_pct\": %.6f, "
          "\"work_cpu_s\": %.9f, \"sync_cpu_s\": %s,\n   \"est_work_cpu_s\": %.9f, \"est_sync_cpu_s\": %.9f, "
          "\"est_wall_s\": %.9f, \"est_work_pct\": %.6f}", sec(s.work_ns), sec(s.sync_ns), sec(s.sync_in_ns),
          pct(s.work_ns, s.sync_ns), sec(s.work_cpu_ns), sync_cpu_json(buf, sizeof buf, s.sync_cpu_ns), sec(r->est_work_ns),
          sec(r->est_sync_ns), sec(r->est_wall_ns), pct(r->est_work_ns, r->est_sync_ns));
  tot->work_ns += s.work_ns; tot->sync_ns += s.sync_ns; tot->sync_in_ns += s.sync_in_ns;
  tot->work_cpu_ns += s.work_cpu_ns; tot->sync_cpu_ns += s.sync_cpu_ns;
}

static void finalize(ompt_data_t *data) {
  (void)data;
  FILE *f = fopen(out_path, "w");
  if (!f) { perror("pcwm_workpct: cannot write PCWM_WORKPCT_OUT"); return; }
  acc_t tot = {0};
  uint64_t est_w = 0, est_s = 0;
  char buf[64];
  fprintf(f, "{\"tool\": \"pcwm_workpct\", \"version\": 1, \"threads_seen\": %d, \"regions\": [\n", n_threads);
  int first = 1;
  for (int i = 0; i < MAX_REGIONS; i++) {
    if (i && !regions[i].codeptr) continue;
    if (!i) { /* slot 0 only when something was measured outside parallel regions */
      int any = 0;
      for (tstate_t *t = threads_head; t; t = t->next) any |= t->acc[0].n_work || t->acc[0].n_sync;
      if (!any) continue;
    }
    if (!first) fprintf(f, ",\n");
    write_region(f, i, &tot);
    est_w += regions[i].est_work_ns; est_s += regions[i].est_sync_ns;
    first = 0;
  }
  fprintf(f, "\n],\n\"total\": {\"work_s\": %.9f, \"sync_s\": %.9f, \"sync_inregion_s\": %.9f, \"work_pct\": %.6f, "
          "\"work_cpu_s\": %.9f, \"sync_cpu_s\": %s, \"est_work_cpu_s\": %.9f, \"est_sync_cpu_s\": %.9f, "
          "\"est_work_pct\": %.6f}}\n", sec(tot.work_ns), sec(tot.sync_ns), sec(tot.sync_in_ns),
          pct(tot.work_ns, tot.sync_ns), sec(tot.work_cpu_ns), sync_cpu_json(buf, sizeof buf, tot.sync_cpu_ns), sec(est_w), sec(est_s),
          pct(est_w, est_s));
  fclose(f);
}

static int initialize(ompt_function_lookup_t lookup, int device, ompt_data_t *data) {
  (void)device; (void)data;
  ompt_set_callback_t set = (ompt_set_callback_t)lookup("ompt_set_callback");
  set(ompt_callback_thread_begin, (ompt_callback_t)on_thread_begin);
  set(ompt_callback_parallel_begin, (ompt_callback_t)on_parallel_begin);
  set(ompt_callback_parallel_end, (ompt_callback_t)on_parallel_end);
  set(ompt_callback_implicit_task, (ompt_callback_t)on_implicit_task);
  set(ompt_callback_work, (ompt_callback_t)on_work);
  set(ompt_callback_sync_region, (ompt_callback_t)on_sync);
  get_ts(ompt_thread_initial);
  return 1;
}

ompt_start_tool_result_t *ompt_start_tool(unsigned int omp_version, const char *runtime_version) {
  (void)omp_version; (void)runtime_version;
  static ompt_start_tool_result_t result = {initialize, finalize, {0}};
  const char *p = getenv("PCWM_WORKPCT_OUT");
  if (!p || !*p || strlen(p) >= sizeof(out_path)) return NULL;
  strcpy(out_path, p);
  const char *sc = getenv("PCWM_WORKPCT_SYNC_CPU");
  sync_cpu = sc && strcmp(sc, "1") == 0;
  return &result;
}
