// OpenMP (clean): a two-dimensional doacross loop (ordered(2), a wavefront): cell (i, j)
// waits for (i-1, j) and (i, j-1). The iteration vectors OMPT reports are per dimension.
// RACELIGHT-FLAGS: -fopenmp
// RACELIGHT-EXPECT: none
#include <omp.h>
#include <stdio.h>
#define N 12
int g[N][N];
int main(void) {
  omp_set_dynamic(0);
  for (int k = 0; k < N; k++) g[0][k] = g[k][0] = 1;
#pragma omp parallel for ordered(2) schedule(static, 1) num_threads(2)
  for (int i = 1; i < N; i++)
    for (int j = 1; j < N; j++) {
#pragma omp ordered depend(sink : i - 1, j) depend(sink : i, j - 1)
      g[i][j] = (g[i - 1][j] + g[i][j - 1]) % 1000;
#pragma omp ordered depend(source)
    }
  printf("%d\n", g[N - 1][N - 1]);
  return g[N - 1][N - 1] == 0;
}
