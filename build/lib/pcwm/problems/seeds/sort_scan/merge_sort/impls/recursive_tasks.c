// Strategy: recursive merge sort, halves sorted as OpenMP tasks joined with taskwait, sequential under a cutoff.
#include <omp.h>
#include <stdlib.h>
#include <string.h>

#define MST_CUTOFF 2048

static void mst_merge(const int *src, int lo, int mid, int hi, int *dst)
{
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
    while (i < mid)
        dst[k++] = src[i++];
    while (j < hi)
        dst[k++] = src[j++];
}

static void mst_sort(int *a, int *tmp, int lo, int hi)
{
    if (hi - lo < 2)
        return;
    int mid = lo + (hi - lo) / 2;
    if (hi - lo > MST_CUTOFF) {
        #pragma omp task shared(a, tmp) firstprivate(lo, mid)
        mst_sort(a, tmp, lo, mid);
        #pragma omp task shared(a, tmp) firstprivate(mid, hi)
        mst_sort(a, tmp, mid, hi);
        #pragma omp taskwait
    } else {
        mst_sort(a, tmp, lo, mid);
        mst_sort(a, tmp, mid, hi);
    }
    mst_merge(a, lo, mid, hi, tmp);
    memcpy(a + lo, tmp + lo, sizeof(int) * (size_t)(hi - lo));
}

void merge_sort(int n, int *a)
{
    int *tmp = (int *)malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    #pragma omp parallel
    {
        #pragma omp single nowait
        mst_sort(a, tmp, 0, n);
    }
    free(tmp);
}
