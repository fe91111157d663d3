// Sync (clean): std::async tasks (launch::async, so each runs on its own thread) fill disjoint
// slices of a shared vector and return partial sums; main reads the whole vector after
// future::get(). Thread start and the future's ready state order everything: no report.
// RACELIGHT-EXPECT: none
#include <cstdio>
#include <future>
#include <vector>

std::vector<int> data(4000);

long fill(int part) {
  long sum = 0;
  for (int i = part * 1000; i < (part + 1) * 1000; ++i) {
    data[i] = i;
    sum += i;
  }
  return sum;
}

int main() {
  std::vector<std::future<long>> parts;
  for (int p = 0; p < 4; ++p) parts.push_back(std::async(std::launch::async, fill, p));
  long total = 0;
  for (auto &f : parts) total += f.get();
  long check = 0;
  for (int v : data) check += v;
  std::printf("total = %ld, check = %ld\n", total, check);
  return total == check ? 0 : 1;
}
