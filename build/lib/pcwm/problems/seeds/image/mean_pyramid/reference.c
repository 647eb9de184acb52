void mean_pyramid(int w, int h, int levels, const float *in, float *out)
{
    const float *src = in;
    float *dst = out;
    int sw = w, sh = h;
    for (int l = 1; l <= levels; l++) {
        int dw = sw / 2, dh = sh / 2;
        for (int y = 0; y < dh; y++)
            for (int x = 0; x < dw; x++) {
                const float *p = src + (2 * y) * sw + 2 * x;
                dst[y * dw + x] = 0.25f * ((p[0] + p[1]) + (p[sw] + p[sw + 1]));
            }
        src = dst;
        dst += dw * dh;
        sw = dw;
        sh = dh;
    }
}
