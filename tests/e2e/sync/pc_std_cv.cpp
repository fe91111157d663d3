// Sync (clean): two producers and two consumers share a std::queue of std::unique_ptr
// messages guarded by std::mutex and std::condition_variable (wait with predicate,
// notify_one / notify_all). Payloads are written before enqueueing and read after dequeueing.
// RACELIGHT-EXPECT: none
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

struct Msg {
  int value;
  char text[24];
};

std::mutex m;
std::condition_variable cv;
std::queue<std::unique_ptr<Msg>> q;
int producers_left = 2;
long consumed[2];

void produce(int base) {
  for (int i = 0; i < 2000; ++i) {
    auto msg = std::make_unique<Msg>();
    msg->value = base + i;
    msg->text[0] = 'a' + i % 26;
    std::lock_guard<std::mutex> g(m);
    q.push(std::move(msg));
    cv.notify_one();
  }
  std::lock_guard<std::mutex> g(m);
  if (--producers_left == 0) cv.notify_all();
}

void consume(int id) {
  for (;;) {
    std::unique_lock<std::mutex> lk(m);
    cv.wait(lk, [] { return !q.empty() || producers_left == 0; });
    if (q.empty()) return;
    std::unique_ptr<Msg> msg = std::move(q.front());
    q.pop();
    lk.unlock();
    consumed[id] += msg->value + (msg->text[0] - 'a');
  }
}

int main() {
  std::vector<std::thread> ts;
  ts.emplace_back(produce, 0);
  ts.emplace_back(produce, 100000);
  ts.emplace_back(consume, 0);
  ts.emplace_back(consume, 1);
  for (auto &t : ts) t.join();
  std::printf("consumed %ld\n", consumed[0] + consumed[1]);
  return 0;
}
