long disc_collisions(int n, const double *x, const double *y, const double *r, int *contacts)
{
    long pairs = 0;
    for (int i = 0; i < n; i++) contacts[i] = 0;
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            double dx = x[i] - x[j], dy = y[i] - y[j], s = r[i] + r[j];
            if (dx * dx + dy * dy < s * s) {
                contacts[i]++;
                contacts[j]++;
                pairs++;
            }
        }
    }
    return pairs;
}
