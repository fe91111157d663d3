// Sync (clean): a small thread pool. Tasks are std::packaged_task objects queued under a
// std::mutex and handed to workers with a std::condition_variable; each task writes its own
// slot of a plain array, and main reads the slot after the task's future is ready.
// RACELIGHT-EXPECT: none
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

class Pool {
 public:
  explicit Pool(int n) {
    for (int i = 0; i < n; ++i) workers_.emplace_back([this] { Run(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto &w : workers_) w.join();
  }
  template <class F> std::future<int> Submit(F f) {
    std::packaged_task<int()> task(std::move(f));
    std::future<int> result = task.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    return result;
  }

 private:
  void Run() {
    for (;;) {
      std::packaged_task<int()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::packaged_task<int()>> queue_;
  bool stop_ = false;
  std::vector<std::thread> workers_;
};

int squares[64];

int main() {
  Pool pool(4);
  std::vector<std::future<int>> results;
  for (int i = 0; i < 64; ++i)
    results.push_back(pool.Submit([i] { squares[i] = i * i; return i; }));
  long sum = 0;
  for (int i = 0; i < 64; ++i) sum += results[i].get() + squares[i];
  std::printf("sum = %ld\n", sum);
  return sum == 2016 + 85344 ? 0 : 1;
}
