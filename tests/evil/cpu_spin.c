// Two threads spin for argv[1] seconds of wall time; prints the CPU seconds the process got.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double wall_s;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static void *spin(void *arg) {
  double end = now() + wall_s;
  volatile unsigned long n = 0;
  while (now() < end) n++;
  return arg;
}

int main(int argc, char **argv) {
  wall_s = argc > 1 ? atof(argv[1]) : 2.0;
  pthread_t a, b;
  pthread_create(&a, NULL, spin, NULL);
  pthread_create(&b, NULL, spin, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  printf("cpu_s=%.3f\n", ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
  return 0;
}
