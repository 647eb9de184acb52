// Strategy: one task per block of paths storing block sums in shared vectors; taskwait, then in-order combination.
#include <omp.h>
#include <cstdint>
#include <cmath>
#include <vector>

static double opt_u01(uint64_t k)
{
    uint64_t z = k + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z = z ^ (z >> 31);
    return (double)(z >> 11) * 0x1.0p-53;
}

void mc_european_call(long long npaths, double S0, double K, double r, double sigma, double T,
                      unsigned long long seed, double *price, double *std_error)
{
    const long long block = 4096;
    const long long nblocks = (npaths + block - 1) / block;
    std::vector<double> b1(nblocks, 0.0), b2(nblocks, 0.0);
    double s1 = 0.0, s2 = 0.0;

    #pragma omp parallel
    {
        #pragma omp single
        {
            for (long long b = 0; b < nblocks; b++) {
                #pragma omp task firstprivate(b) shared(b1, b2)
                {
                    long long lo = b * block;
                    long long hi = lo + block < npaths ? lo + block : npaths;
                    double a1 = 0.0, a2 = 0.0;
                    for (long long p = lo; p < hi; p++) {
                        double u1 = opt_u01(seed + 2 * (uint64_t)p);
                        double u2 = opt_u01(seed + 2 * (uint64_t)p + 1);
                        double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(6.283185307179586 * u2);
                        double ST = S0 * std::exp((r - 0.5 * sigma * sigma) * T + sigma * std::sqrt(T) * z);
                        double pay = ST > K ? ST - K : 0.0;
                        a1 += pay;
                        a2 += pay * pay;
                    }
                    b1[b] = a1;
                    b2[b] = a2;
                }
            }
            #pragma omp taskwait
            for (long long b = 0; b < nblocks; b++) {
                s1 += b1[b];
                s2 += b2[b];
            }
        }
    }
    double N = (double)npaths;
    double disc = std::exp(-r * T);
    *price = disc * s1 / N;
    *std_error = disc * std::sqrt((s2 - s1 * s1 / N) / (N - 1.0) / N);
}
