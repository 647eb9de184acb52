#include <stdio.h>
int main(void) {
  for (;;) fputs("flooding the sandbox output flooding the sandbox output flooding\n", stdout);
}
