int threshold_erode(int w, int h, const unsigned char *img, int thr, unsigned char *mask, unsigned char *eroded)
{
    int count = 0;
    for (int i = 0; i < w * h; i++) mask[i] = img[i] >= thr;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int keep = 0;
            if (x > 0 && y > 0 && x < w - 1 && y < h - 1) {
                keep = 1;
                for (int dy = -1; dy <= 1 && keep; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        if (!mask[(y + dy) * w + x + dx]) {
                            keep = 0;
                            break;
                        }
            }
            eroded[y * w + x] = (unsigned char)keep;
            count += keep;
        }
    }
    return count;
}
