void com_recenter(int n, const double *m, double *pos, double *vel, double *com)
{
    double mt = 0.0, s[6] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
    for (int i = 0; i < n; i++) {
        mt += m[i];
        for (int d = 0; d < 3; d++) {
            s[d] += m[i] * pos[3 * i + d];
            s[3 + d] += m[i] * vel[3 * i + d];
        }
    }
    for (int k = 0; k < 6; k++) com[k] = s[k] / mt;
    for (int i = 0; i < n; i++)
        for (int d = 0; d < 3; d++) {
            pos[3 * i + d] -= com[d];
            vel[3 * i + d] -= com[3 + d];
        }
}
