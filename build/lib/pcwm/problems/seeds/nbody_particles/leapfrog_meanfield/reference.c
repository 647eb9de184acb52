double leapfrog_meanfield(int n, int steps, double dt, double k, double *x, double *v)
{
    const double h = 0.5 * dt;
    for (int s = 0; s < steps; s++) {
        for (int phase = 0; phase < 2; phase++) {
            /* centre of mass of the current positions */
            double c[3] = {0.0, 0.0, 0.0};
            for (int i = 0; i < n; i++)
                for (int d = 0; d < 3; d++) c[d] += x[3 * i + d];
            for (int d = 0; d < 3; d++) c[d] /= n;
            /* half kick; after the first half kick comes the drift */
            for (int i = 0; i < n; i++) {
                double r2 = x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1] + x[3 * i + 2] * x[3 * i + 2];
                for (int d = 0; d < 3; d++)
                    v[3 * i + d] += h * (-k * (x[3 * i + d] - c[d]) - 0.01 * r2 * x[3 * i + d]);
            }
            if (phase == 0)
                for (int i = 0; i < 3 * n; i++) x[i] += dt * v[i];
        }
    }
    double ke = 0.0;
    for (int i = 0; i < 3 * n; i++) ke += 0.5 * v[i] * v[i];
    return ke;
}
