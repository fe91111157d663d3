// POSIX sync-object memory (clean): a worker's last use of a heap std::mutex is ordered
// before main's delete by the mutex itself (main sees the worker's flag under the lock),
// and a heap pthread mutex is destroyed by the thread that drops the last reference
// (an acq_rel counter) while the other thread may still be running. Nothing is reported.
// RACELIGHT-FLAGS: -std=c++17
// RACELIGHT-EXPECT: none
#include <pthread.h>

#include <atomic>
#include <mutex>
#include <thread>

struct Shared {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  int value = 0;
  std::atomic<int> refs{2};
};

void Drop(Shared *s) {
  if (s->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) {
    pthread_mutex_destroy(&s->m);
    delete s;
  }
}

int main() {
  std::mutex *m = new std::mutex;
  bool done = false;
  std::thread t([&] {
    std::lock_guard<std::mutex> g(*m);
    done = true;
  });
  for (bool seen = false; !seen;) {
    std::lock_guard<std::mutex> g(*m);
    seen = done;
  }
  delete m;  // the worker's unlock is ordered before: main locked after it
  t.join();

  for (int round = 0; round < 20; ++round) {
    Shared *s = new Shared;
    std::thread u([s] {
      pthread_mutex_lock(&s->m);
      s->value++;
      pthread_mutex_unlock(&s->m);
      Drop(s);
    });
    pthread_mutex_lock(&s->m);
    s->value++;
    pthread_mutex_unlock(&s->m);
    Drop(s);
    u.join();
  }
  return 0;
}
