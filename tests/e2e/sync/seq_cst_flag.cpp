// Sync (clean): plain data published through a std::atomic<bool> flag with the default
// (seq_cst) ordering, and a reply published back the same way.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <thread>

double matrix[4][4];
double trace;
std::atomic<bool> ready{false}, done{false};

int main() {
  std::thread worker([] {
    while (!ready) std::this_thread::yield();
    double t = 0;
    for (int i = 0; i < 4; ++i) t += matrix[i][i];
    trace = t;
    done = true;
  });
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) matrix[i][j] = i == j ? 1.5 : 0.25;
  ready = true;
  while (!done) std::this_thread::yield();
  std::printf("trace = %g\n", trace);
  int ok = trace == 6.0;
  worker.join();
  return ok ? 0 : 1;
}
