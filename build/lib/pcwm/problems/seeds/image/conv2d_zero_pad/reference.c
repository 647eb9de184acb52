void conv2d_zero_pad(int w, int h, const float *in, int k, const float *kern, float *out)
{
    int c = k / 2;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            double acc = 0.0;
            for (int i = 0; i < k; i++) {
                int yy = y + i - c;
                if (yy < 0 || yy >= h) continue;
                for (int j = 0; j < k; j++) {
                    int xx = x + j - c;
                    if (xx < 0 || xx >= w) continue;
                    acc += (double)kern[i * k + j] * in[yy * w + xx];
                }
            }
            out[y * w + x] = (float)acc;
        }
    }
}
