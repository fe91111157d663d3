// Core: -racelight-count-checks across fork. The parent runs a coalesced loop of 300
// iterations (600 accesses removed by rule (f)), forks, and the child runs it for 7 (14): the
// child's counts start from zero (14, not 614), the parent's are its own (600).
// RACELIGHT-FLAGS: -mllvm -racelight-count-checks
// RACELIGHT-ONLY: O2
// RACELIGHT-EXPECT: none
// RACELIGHT-OUTPUT: racelight:   removed.f.loop_coalesced 600
// RACELIGHT-OUTPUT: racelight:   removed.f.loop_coalesced 14
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

enum { N = 300 };
int in[N], out[N];

__attribute__((noinline)) static void scale(int *dst, const int *src, int n) {
#pragma clang loop vectorize(disable) interleave(disable) unroll(disable)
  for (int i = 0; i < n; i++)
    dst[i] = src[i] * 3 + 1;
}

int main(void) {
  scale(out, in, N);
  pid_t child = fork();
  if (child == 0) {
    scale(out, in, 7);
    exit(0);
  }
  int status = 1;
  waitpid(child, &status, 0);
  return status != 0 || out[N - 1] != 1;
}
