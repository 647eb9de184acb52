#include <math.h>

int stream_compact(int n, const double *in, double *out, int *idx)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        double x = in[i];
        if (x * cos(x) > 0.25) {
            out[k] = x;
            idx[k] = i;
            k++;
        }
    }
    return k;
}
