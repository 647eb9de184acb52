void odd_even_sort(int n, int *a)
{
    for (int phase = 0; phase < n; phase++) {
        for (int i = phase % 2; i + 1 < n; i += 2) {
            if (a[i] > a[i + 1]) {
                int t = a[i];
                a[i] = a[i + 1];
                a[i + 1] = t;
            }
        }
    }
}
