#include <cstdint>
#include <cmath>

static uint64_t ref_splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static double ref_u01(uint64_t k)
{
    return (double)(ref_splitmix64(k) >> 11) * 0x1.0p-53;
}

void mc_european_call(long long npaths, double S0, double K, double r, double sigma, double T,
                      unsigned long long seed, double *price, double *std_error)
{
    double s1 = 0.0, s2 = 0.0;
    for (long long p = 0; p < npaths; p++) {
        double u1 = ref_u01(seed + 2 * (uint64_t)p);
        double u2 = ref_u01(seed + 2 * (uint64_t)p + 1);
        double z = std::sqrt(-2.0 * std::log(1.0 - u1)) * std::cos(6.283185307179586 * u2);
        double ST = S0 * std::exp((r - 0.5 * sigma * sigma) * T + sigma * std::sqrt(T) * z);
        double pay = ST > K ? ST - K : 0.0;
        s1 += pay;
        s2 += pay * pay;
    }
    double N = (double)npaths;
    double disc = std::exp(-r * T);
    *price = disc * s1 / N;
    *std_error = disc * std::sqrt((s2 - s1 * s1 / N) / (N - 1.0) / N);
}
