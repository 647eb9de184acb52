// Strategy: recursive bitonic sort/merge, halves run as OpenMP tasks with taskwait above a size cutoff.
#include <omp.h>

#define BTR_CUTOFF 1024

static void btr_merge(float *a, int lo, int cnt, int up)
{
    if (cnt < 2)
        return;
    int m = cnt / 2;
    for (int i = lo; i < lo + m; i++) {
        if ((a[i] > a[i + m]) == up) {
            float t = a[i];
            a[i] = a[i + m];
            a[i + m] = t;
        }
    }
    if (cnt > BTR_CUTOFF) {
        #pragma omp task
        btr_merge(a, lo, m, up);
        #pragma omp task
        btr_merge(a, lo + m, m, up);
        #pragma omp taskwait
    } else {
        btr_merge(a, lo, m, up);
        btr_merge(a, lo + m, m, up);
    }
}

static void btr_sort(float *a, int lo, int cnt, int up)
{
    if (cnt < 2)
        return;
    int m = cnt / 2;
    if (cnt > BTR_CUTOFF) {
        #pragma omp task
        btr_sort(a, lo, m, 1);
        #pragma omp task
        btr_sort(a, lo + m, m, 0);
        #pragma omp taskwait
    } else {
        btr_sort(a, lo, m, 1);
        btr_sort(a, lo + m, m, 0);
    }
    btr_merge(a, lo, cnt, up);
}

void bitonic_sort(int n, float *a)
{
    #pragma omp parallel
    #pragma omp single
    btr_sort(a, 0, n, 1);
}
