// Strategy: omp sections sort four quarters independently, then two sections merge halves, final merge by one thread.
#include <omp.h>
#include <stdlib.h>
#include <string.h>

static void msq_merge(const int *src, int lo, int mid, int hi, int *dst)
{
    int i = lo, j = mid, k = lo;
    while (i < mid && j < hi)
        dst[k++] = src[i] <= src[j] ? src[i++] : src[j++];
    while (i < mid)
        dst[k++] = src[i++];
    while (j < hi)
        dst[k++] = src[j++];
}

static void msq_sort(int *a, int *tmp, int lo, int hi)
{
    if (hi - lo < 2)
        return;
    int mid = lo + (hi - lo) / 2;
    msq_sort(a, tmp, lo, mid);
    msq_sort(a, tmp, mid, hi);
    msq_merge(a, lo, mid, hi, tmp);
    memcpy(a + lo, tmp + lo, sizeof(int) * (size_t)(hi - lo));
}

void merge_sort(int n, int *a)
{
    int *tmp = (int *)malloc(sizeof(int) * (size_t)(n > 0 ? n : 1));
    int q1 = n / 4, q2 = n / 2, q3 = q2 + (n - q2) / 2;

    #pragma omp parallel
    {
        #pragma omp sections
        {
            #pragma omp section
            msq_sort(a, tmp, 0, q1);
            #pragma omp section
            msq_sort(a, tmp, q1, q2);
            #pragma omp section
            msq_sort(a, tmp, q2, q3);
            #pragma omp section
            msq_sort(a, tmp, q3, n);
        }
        #pragma omp sections
        {
            #pragma omp section
            {
                msq_merge(a, 0, q1, q2, tmp);
                memcpy(a, tmp, sizeof(int) * (size_t)q2);
            }
            #pragma omp section
            {
                msq_merge(a, q2, q3, n, tmp);
                memcpy(a + q2, tmp + q2, sizeof(int) * (size_t)(n - q2));
            }
        }
        #pragma omp single
        {
            msq_merge(a, 0, q2, n, tmp);
            memcpy(a, tmp, sizeof(int) * (size_t)n);
        }
    }
    free(tmp);
}
