#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define csr_diag_extract pcwm_reference_csr_diag_extract
#include "reference.c"
#undef csr_diag_extract
#include PCWM_CANDIDATE

static uint64_t pcwm_mix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
/* deterministic uniform double in [0,1) from a stream id and an index */
static double pcwm_unit(uint64_t stream, uint64_t i) {
    return (double)(pcwm_mix64(stream * 0x100000001B3ULL + i) >> 11) * (1.0 / 9007199254740992.0);
}
static int pcwm_close(double a, double b, double rtol) {
    double d = fabs(a - b), s = fmax(fabs(a), fabs(b));
    return d <= rtol * (s > 1.0 ? s : 1.0);
}
/* Builds a CSR matrix (nrows x ncols) with sorted, distinct column indices per row and skewed row lengths. */
static void pcwm_build_csr(int nrows, int ncols, uint64_t stream, int **rp_out, int **ci_out, double **va_out) {
    int *rp = (int *)malloc((size_t)(nrows + 1) * sizeof(int));
    rp[0] = 0;
    for (int i = 0; i < nrows; i++) {
        int len = 1 + (int)(pcwm_mix64(stream * 7919u + (uint64_t)i) % 15u);
        if (i % 211 == 7) len = 120;             /* a few heavy rows */
        if (len > ncols) len = ncols;
        rp[i + 1] = rp[i] + len;
    }
    int nnz = rp[nrows];
    int *ci = (int *)malloc((size_t)(nnz > 0 ? nnz : 1) * sizeof(int));
    double *va = (double *)malloc((size_t)(nnz > 0 ? nnz : 1) * sizeof(double));
    for (int i = 0; i < nrows; i++) {
        int len = rp[i + 1] - rp[i];
        int gap = ncols / len;
        for (int k = 0; k < len; k++) {
            int p = rp[i] + k;
            ci[p] = k * gap + (int)(pcwm_mix64(stream * 104729u + (uint64_t)p) % (uint64_t)gap);
            va[p] = pcwm_unit(stream + 1000, (uint64_t)p) * 2.0 - 1.0;
        }
    }
    *rp_out = rp; *ci_out = ci; *va_out = va;
}
int main(int argc, char **argv) {
    int n = (argc > 1) ? atoi(argv[1]) : 40000;
    if (n < 1) n = 1;
    int *rp0, *ci0;
    double *va0;
    pcwm_build_csr(n, n, 55, &rp0, &ci0, &va0);
    /* insert the diagonal entry (keeping columns sorted) in ~90% of the rows that lack it */
    int cap = rp0[n] + n;
    int *rp = (int *)malloc((size_t)(n + 1) * sizeof(int)), *ci = (int *)malloc((size_t)cap * sizeof(int));
    double *va = (double *)malloc((size_t)cap * sizeof(double));
    rp[0] = 0;
    int q = 0;
    for (int i = 0; i < n; i++) {
        int want = (pcwm_mix64(56000000u + (uint64_t)i) % 10u) != 0, placed = 0;
        for (int p = rp0[i]; p < rp0[i + 1]; p++) {
            if (ci0[p] == i) { if (!want) continue; placed = 1; }
            if (want && !placed && ci0[p] > i) { ci[q] = i; va[q] = 10.0 + pcwm_unit(57, i); q++; placed = 1; }
            ci[q] = ci0[p]; va[q] = va0[p]; q++;
        }
        if (want && !placed) { ci[q] = i; va[q] = 10.0 + pcwm_unit(57, i); q++; }
        rp[i + 1] = q;
    }
    double *dr = (double *)malloc((size_t)n * sizeof(double)), *dc = (double *)malloc((size_t)n * sizeof(double));
    for (int i = 0; i < n; i++) dc[i] = -777.0;
    int mr = pcwm_reference_csr_diag_extract(n, rp, ci, va, dr);
    int mc = csr_diag_extract(n, rp, ci, va, dc);
    for (int i = 0; i < n; i++)
        if (dr[i] != dc[i]) { printf("PCWM_CHECK FAIL diag[%d] = %g, expected %g\n", i, dc[i], dr[i]); return 1; }
    if (mr != mc) { printf("PCWM_CHECK FAIL missing = %d, expected %d\n", mc, mr); return 1; }
    printf("PCWM_CHECK PASS\n");
    free(rp0); free(ci0); free(va0); free(rp); free(ci); free(va); free(dr); free(dc);
    return 0;
}
