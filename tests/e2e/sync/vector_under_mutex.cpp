// Sync (clean): a std::vector and a std::string grown by several threads under one mutex
// (push_back reallocations, string appends: instrumented library template code running in
// the program), then read by main after the joins.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

std::mutex m;
std::vector<int> values;
std::string log_text;

int main() {
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t) {
    ts.emplace_back([t] {
      for (int i = 0; i < 1000; ++i) {
        std::lock_guard<std::mutex> g(m);
        values.push_back(t * 1000 + i);
        if (i % 100 == 0) log_text += char('a' + t);
      }
    });
  }
  for (auto &t : ts) t.join();
  long sum = 0;
  for (int v : values) sum += v;
  std::printf("%zu values, sum %ld, log %s\n", values.size(), sum, log_text.c_str());
  return values.size() == 4000 && log_text.size() == 40 ? 0 : 1;
}
