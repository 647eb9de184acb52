void bitonic_sort(int n, float *a)
{
    for (int k = 2; k <= n; k <<= 1) {
        for (int j = k >> 1; j > 0; j >>= 1) {
            for (int i = 0; i < n; i++) {
                int p = i ^ j;
                if (p > i) {
                    int up = (i & k) == 0;
                    if ((a[i] > a[p]) == up) {
                        float t = a[i];
                        a[i] = a[p];
                        a[p] = t;
                    }
                }
            }
        }
    }
}
