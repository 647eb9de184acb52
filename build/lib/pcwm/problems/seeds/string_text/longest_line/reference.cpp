long longest_line(long n, const char *text, long *start)
{
    long best = -1, best_start = 0, cur_start = 0;
    for (long i = 0; i <= n; i++) {
        if (i == n || text[i] == '\n') {
            long l = i - cur_start;
            if (l > best) {
                best = l;
                best_start = cur_start;
            }
            cur_start = i + 1;
        }
    }
    *start = best_start;
    return best;
}
