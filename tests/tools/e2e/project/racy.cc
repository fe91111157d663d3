// A C++ data race: two std::threads update a member without synchronization.
#include <cstdio>
#include <thread>

struct Stats {
  long hits = 0;
  void hit() { ++hits; }  // the race: line 7
};

int main() {
  Stats stats;
  std::thread a([&] { for (int i = 0; i < 1000; ++i) stats.hit(); });
  std::thread b([&] { for (int i = 0; i < 1000; ++i) stats.hit(); });
  a.join();
  b.join();
  std::printf("hits %ld\n", stats.hits);
}
