// expect: runtime_error
// A program that itself exits with TSan's report code but has no race must not be read as "race" or "ok".
#include <stdlib.h>
int main(void) { exit(66); }
