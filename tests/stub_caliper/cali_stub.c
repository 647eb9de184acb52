/* Test stand-in for libcaliper: checks that region marks nest properly (a mismatched end aborts, as a broken
   annotation would corrupt real Caliper's paths), counts calls and wall time per region, and at exit writes a
   runtime-profile-shaped JSON to the output= file named in CALI_CONFIG. "Work %" is a fixed 50: the stub measures no
   OpenMP events, so tests use it for plumbing (names, spans, snippets, nesting), never for numbers. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_REGIONS 64
#define MAX_DEPTH 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct { char name[256]; long calls; double wall; } regions[MAX_REGIONS];
static int n_regions;
static struct { int region; double t0; } stack[MAX_DEPTH];
static int depth;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

static int find(const char* name) {
  for (int i = 0; i < n_regions; i++)
    if (strcmp(regions[i].name, name) == 0) return i;
  if (n_regions == MAX_REGIONS) abort();
  snprintf(regions[n_regions].name, sizeof regions[n_regions].name, "%s", name);
  return n_regions++;
}

void cali_config_set(const char* key, const char* value) { (void)key; (void)value; }

void cali_begin_region(const char* name) {
  pthread_mutex_lock(&lock);
  if (depth == MAX_DEPTH) abort();
  stack[depth].region = find(name);
  stack[depth].t0 = now();
  depth++;
  pthread_mutex_unlock(&lock);
}

void cali_end_region(const char* name) {
  pthread_mutex_lock(&lock);
  if (depth == 0 || strcmp(regions[stack[depth - 1].region].name, name) != 0) {
    fprintf(stderr, "cali stub: end of region %s does not match the open region %s\n", name,
            depth ? regions[stack[depth - 1].region].name : "(none)");
    abort();
  }
  depth--;
  regions[stack[depth].region].calls++;
  regions[stack[depth].region].wall += now() - stack[depth].t0;
  pthread_mutex_unlock(&lock);
}

__attribute__((destructor)) static void write_profile(void) {
  const char* cfg = getenv("CALI_CONFIG");
  const char* at = cfg ? strstr(cfg, "output=") : NULL;
  if (!at) return;
  char path[4096];
  size_t n = strcspn(at + 7, ",)");
  if (n >= sizeof path) return;
  memcpy(path, at + 7, n);
  path[n] = 0;
  FILE* f = fopen(path, "w");
  if (!f) return;
  fprintf(f, "[\n");
  for (int i = 0; i < n_regions; i++)
    fprintf(f, "{\"path\":\"%s\",\"Work %%\":50.0,\"Barrier %%\":50.0,\"Time (work)\":%f,\"Time (barrier)\":%f,"
               "\"time\":%f,\"calls\":%ld},\n",
            regions[i].name, regions[i].wall / 2, regions[i].wall / 2, regions[i].wall, regions[i].calls);
  fprintf(f, "{\"Node order\":0,\"time\":0.0}\n]\n");
  fclose(f);
}
