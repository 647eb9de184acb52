// expect: no race
void prefix_columns(int w, int h, long *m) {
#pragma omp parallel for
  for (int x = 0; w > x; x++)
    for (int y = 1; y < h; y++)
      m[(long)y * w + x] += m[(long)(y - 1) * w + x];
}
int main(void) { long m[12] = {0}; prefix_columns(3, 4, m); return 0; }
