/* Double-forks a daemon that leaves the session and outlives main. */
#include <stdio.h>
#include <unistd.h>
int main(void) {
  if (fork() == 0) {
    setsid();
    if (fork() == 0) { for (;;) sleep(1); }
    return 0;
  }
  sleep(1);
  puts("parent done");
  return 0;
}
