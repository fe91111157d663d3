// Sync (clean): std::shared_ptr reference counting. Four threads get copies of a shared_ptr
// (by thread creation), each writes its own field of the object and drops its copy; main
// drops its copy before joining, so whichever thread releases the last reference runs the
// destructor, which reads every field. The reference count's acq_rel decrements (and
// libstdc++'s acquire load fast path) order the field writes before the destructor.
// A second object is passed through a mutex-protected slot.
// RACELIGHT-EXPECT: none
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

std::atomic<long> destroyed_sum{0};

struct Object {
  long fields[4] = {};
  ~Object() { destroyed_sum.store(fields[0] + fields[1] + fields[2] + fields[3]); }
};

std::mutex slot_mutex;
std::shared_ptr<Object> slot;

int main() {
  auto obj = std::make_shared<Object>();
  std::vector<std::thread> ts;
  for (int i = 0; i < 4; ++i) {
    ts.emplace_back([i](std::shared_ptr<Object> p) {
      p->fields[i] = i + 1;
      p.reset();
    }, obj);
  }
  obj.reset();
  std::thread producer([] {
    auto o = std::make_shared<Object>();
    o->fields[0] = 100;
    std::lock_guard<std::mutex> g(slot_mutex);
    slot = std::move(o);
  });
  producer.join();
  for (auto &t : ts) t.join();
  long first = destroyed_sum.load();
  std::thread consumer([] {
    std::shared_ptr<Object> o;
    {
      std::lock_guard<std::mutex> g(slot_mutex);
      o = std::move(slot);
    }
    o->fields[1] = o->fields[0] + 1;
  });
  consumer.join();
  std::printf("first = %ld, second = %ld\n", first, destroyed_sum.load());
  return first == 10 && destroyed_sum.load() == 201 ? 0 : 1;
}
