void box_blur(int w, int h, int r, const unsigned char *in, unsigned char *out)
{
    int area = (2 * r + 1) * (2 * r + 1);
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int sum = 0;
            for (int dy = -r; dy <= r; dy++) {
                int yy = y + dy < 0 ? 0 : (y + dy >= h ? h - 1 : y + dy);
                for (int dx = -r; dx <= r; dx++) {
                    int xx = x + dx < 0 ? 0 : (x + dx >= w ? w - 1 : x + dx);
                    sum += in[yy * w + xx];
                }
            }
            out[y * w + x] = (unsigned char)((sum + area / 2) / area);
        }
    }
}
