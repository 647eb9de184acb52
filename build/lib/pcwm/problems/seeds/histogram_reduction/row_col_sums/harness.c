#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#define row_col_sums pcwm_reference_row_col_sums
#include "reference.c"
#undef row_col_sums
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int pcwm_close(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fabs(b) + 1e-9;
}

int main(int argc, char **argv)
{
    int pcwm_rows = argc > 1 ? atoi(argv[1]) : 400;
    if (pcwm_rows < 1) pcwm_rows = 1;
    const int pcwm_cols = 300;
    long pcwm_sz = (long)pcwm_rows * pcwm_cols;
    double *pcwm_A = malloc(sizeof(double) * pcwm_sz);
    for (long i = 0; i < pcwm_sz; i++)
        pcwm_A[i] = (double)(pcwm_mix64(17 + (uint64_t)i) >> 11) * 0x1.0p-53 * 2.0 - 0.7;
    double *pcwm_rr = malloc(sizeof(double) * pcwm_rows), *pcwm_cr = malloc(sizeof(double) * pcwm_rows);
    double *pcwm_rc = malloc(sizeof(double) * pcwm_cols), *pcwm_cc = malloc(sizeof(double) * pcwm_cols);
    for (int r = 0; r < pcwm_rows; r++) pcwm_cr[r] = 1e300;
    for (int c = 0; c < pcwm_cols; c++) pcwm_cc[c] = 1e300;
    double pcwm_rt, pcwm_ct = 1e300;
    pcwm_reference_row_col_sums(pcwm_rows, pcwm_cols, pcwm_A, pcwm_rr, pcwm_rc, &pcwm_rt);
    row_col_sums(pcwm_rows, pcwm_cols, pcwm_A, pcwm_cr, pcwm_cc, &pcwm_ct);
    for (int r = 0; r < pcwm_rows; r++)
        if (!pcwm_close(pcwm_cr[r], pcwm_rr[r])) {
            printf("PCWM_CHECK FAIL rowsum[%d]=%.15g expected %.15g\n", r, pcwm_cr[r], pcwm_rr[r]);
            return 1;
        }
    for (int c = 0; c < pcwm_cols; c++)
        if (!pcwm_close(pcwm_cc[c], pcwm_rc[c])) {
            printf("PCWM_CHECK FAIL colsum[%d]=%.15g expected %.15g\n", c, pcwm_cc[c], pcwm_rc[c]);
            return 1;
        }
    if (!pcwm_close(pcwm_ct, pcwm_rt)) {
        printf("PCWM_CHECK FAIL total=%.15g expected %.15g\n", pcwm_ct, pcwm_rt);
        return 1;
    }
    free(pcwm_A); free(pcwm_rr); free(pcwm_cr); free(pcwm_rc); free(pcwm_cc);
    printf("PCWM_CHECK PASS\n");
    return 0;
}
