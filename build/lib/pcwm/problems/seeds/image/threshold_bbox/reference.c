int threshold_bbox(int w, int h, const unsigned char *img, int thr, unsigned char *mask, int *bbox)
{
    int count = 0, x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            int on = img[y * w + x] > thr;
            mask[y * w + x] = (unsigned char)on;
            if (on) {
                count++;
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
        }
    }
    if (count == 0) x0 = y0 = x1 = y1 = -1;
    bbox[0] = x0;
    bbox[1] = y0;
    bbox[2] = x1;
    bbox[3] = y1;
    return count;
}
