// Rule (e), redundant checks, through the real compiler at -O0 and -O2: in `update` the
// second write of `shared` (a store the optimizer cannot remove: `*p` may read `shared`) is
// covered by the first, and in `reread` the reads of `v` after its write are covered.
int shared;
volatile int v;

void update(const int *p) {
  shared = 1;
  int t = *p;
  shared = t + 2;
}

int reread(int n) {
  v = n;
  int sum = v;
  for (int i = 0; i < n; ++i)
    sum += v;
  return sum;
}
