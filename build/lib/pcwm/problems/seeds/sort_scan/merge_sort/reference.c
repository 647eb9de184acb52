#include <stdlib.h>
#include <string.h>

static void ref_merge(const int *src, int lo, int mid, int hi, int *dst)
{
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
    while (i < mid)
        dst[k++] = src[i++];
    while (j < hi)
        dst[k++] = src[j++];
}

static void ref_sort_rec(int *a, int *tmp, int lo, int hi)
{
    if (hi - lo < 2)
        return;
    int mid = lo + (hi - lo) / 2;
    ref_sort_rec(a, tmp, lo, mid);
    ref_sort_rec(a, tmp, mid, hi);
    ref_merge(a, lo, mid, hi, tmp);
    memcpy(a + lo, tmp + lo, sizeof(int) * (size_t)(hi - lo));
}

void merge_sort(int n, int *a)
{
    int *tmp = (int *)malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    ref_sort_rec(a, tmp, 0, n);
    free(tmp);
}
