void pic_charge_deposit(int np, const double *xp, const double *qp, int ng, double dx, double *rho)
{
    for (int g = 0; g < ng; g++) rho[g] = 0.0;
    for (int p = 0; p < np; p++) {
        double s = xp[p] / dx;
        int j = (int)s;
        if (j < 0) j = 0;
        if (j >= ng) j = ng - 1;
        double w = s - j;
        rho[j] += qp[p] * (1.0 - w) / dx;
        rho[(j + 1) % ng] += qp[p] * w / dx;
    }
}
