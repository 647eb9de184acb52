// Strategy: bottom-up merge sort; parallel insertion sort of small runs, then a parallel for per merge width.
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define MSB_RUN 32

static void msb_merge(const int *src, int lo, int mid, int hi, int *dst)
{
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
    while (i < mid)
        dst[k++] = src[i++];
    while (j < hi)
        dst[k++] = src[j++];
}

void merge_sort(int n, int *a)
{
    int *buf = (int *)malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    int nruns = (n + MSB_RUN - 1) / MSB_RUN;

    #pragma omp parallel for schedule(static)
    for (int r = 0; r < nruns; r++) {
        int lo = r * MSB_RUN;
        int hi = lo + MSB_RUN < n ? lo + MSB_RUN : n;
        for (int i = lo + 1; i < hi; i++) {
            int v = a[i], j = i - 1;
            while (j >= lo && a[j] > v) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    int *src = a, *dst = buf;
    for (int width = MSB_RUN; width < n; width *= 2) {
        int npairs = (n + 2 * width - 1) / (2 * width);
        #pragma omp parallel for schedule(dynamic, 1)
        for (int p = 0; p < npairs; p++) {
            int lo = p * 2 * width;
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            msb_merge(src, lo, mid, hi, dst);
        }
        int *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, sizeof(int) * (size_t)n);
    free(buf);
}
