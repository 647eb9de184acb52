double laplacian5(int nx, int ny, const double *u, double *out) {
    double s = 0.0;
    for (int i = 0; i < nx; i++)
        for (int j = 0; j < ny; j++) {
            double v = 0.0;
            if (i > 0 && i < nx - 1 && j > 0 && j < ny - 1)
                v = u[(i - 1) * ny + j] + u[(i + 1) * ny + j] + u[i * ny + j - 1] + u[i * ny + j + 1] - 4.0 * u[i * ny + j];
            out[i * ny + j] = v;
            s += v * v;
        }
    return s;
}
