// Sync (clean): std::call_once. Eight threads race to initialize a plain configuration
// struct through one std::once_flag; exactly one runs the initializer, and every thread then
// reads the struct without further synchronization (call_once orders the reads after it).
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

struct Config {
  int threads;
  double scale;
  char name[16];
};

Config config;
std::once_flag config_once;
int init_calls;

const Config &GetConfig() {
  std::call_once(config_once, [] {
    ++init_calls;
    config.threads = 8;
    config.scale = 1.25;
    config.name[0] = 'r';
  });
  return config;
}

int main() {
  std::vector<std::thread> ts;
  double results[8];
  for (int i = 0; i < 8; ++i)
    ts.emplace_back([i, &results] { results[i] = GetConfig().scale * GetConfig().threads; });
  for (auto &t : ts) t.join();
  std::printf("init_calls = %d, result = %g\n", init_calls, results[7]);
  return init_calls == 1 && results[7] == 10.0 ? 0 : 1;
}
