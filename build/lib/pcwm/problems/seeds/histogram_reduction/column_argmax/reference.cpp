void column_argmax(int rows, int cols, const float *A, int *best_row, float *best_val)
{
    for (int c = 0; c < cols; c++) {
        best_row[c] = 0;
        best_val[c] = A[c];
    }
    for (int r = 1; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            float v = A[(long)r * cols + c];
            if (v > best_val[c]) {
                best_val[c] = v;
                best_row[c] = r;
            }
        }
    }
}
