void integral_image(int w, int h, const unsigned char *img, long long *sat)
{
    for (int y = 0; y < h; y++) {
        long long row = 0;
        for (int x = 0; x < w; x++) {
            row += img[(long)y * w + x];
            sat[(long)y * w + x] = row + (y > 0 ? sat[(long)(y - 1) * w + x] : 0);
        }
    }
}
