// expect: undecided
#include <pthread.h>
int x;
void *work(void *arg) { x++; return arg; }
int main(void) {
  pthread_t t;
  pthread_create(&t, 0, work, 0);
  x++;
  pthread_join(t, 0);
  return 0;
}
