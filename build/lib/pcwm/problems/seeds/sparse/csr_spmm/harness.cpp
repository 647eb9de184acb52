#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>
using std::fabs;
using std::fmax;

#define csr_spmm pcwm_reference_csr_spmm
#include "reference.cpp"
#undef csr_spmm
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
    int n = (argc > 1) ? std::atoi(argv[1]) : 8000;
    if (n < 1) n = 1;
    const int k = 8;
    int *rp, *ci;
    double *va;
    pcwm_build_csr(n, n, 48, &rp, &ci, &va);
    std::vector<double> X((size_t)n * k), Yr((size_t)n * k, 0.0), Yc((size_t)n * k, -777.0);
    for (size_t e = 0; e < X.size(); e++) X[e] = pcwm_unit(49, e) * 2.0 - 1.0;
    pcwm_reference_csr_spmm(n, k, rp, ci, va, X.data(), Yr.data());
    csr_spmm(n, k, rp, ci, va, X.data(), Yc.data());
    for (size_t e = 0; e < Yr.size(); e++) {
        if (!pcwm_close(Yr[e], Yc[e], 1e-9)) {
            std::printf("PCWM_CHECK FAIL Y[%zu] = %g, expected %g\n", e, Yc[e], Yr[e]);
            return 1;
        }
    }
    std::printf("PCWM_CHECK PASS\n");
    std::free(rp); std::free(ci); std::free(va);
    return 0;
}
