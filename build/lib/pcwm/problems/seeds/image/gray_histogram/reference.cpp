void gray_histogram(int npix, const unsigned char *rgb, unsigned char *gray, long *hist)
{
    for (int v = 0; v < 256; v++) hist[v] = 0;
    for (int i = 0; i < npix; i++) {
        int g = (77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2] + 128) >> 8;
        gray[i] = (unsigned char)g;
        hist[g]++;
    }
}
