// expect: race loop-carried-offset 6 6
void prefix_rows_wrong(int w, int h, long *m) {
#pragma omp parallel for
  for (int y = 1; y < h; y++)
    for (int x = 0; x < w; x++)
      m[(long)y * w + x] += m[(long)(y - 1) * w + x];
}
int main(void) { long m[12] = {0}; prefix_rows_wrong(3, 4, m); return 0; }
