// A small mutex for the runtime's own critical sections.
//
// It never calls into the program (no pthread_mutex, which the runtime intercepts), spins
// briefly and then yields the CPU, so a holder that is descheduled does not burn the other
// core. Not recursive. Critical sections guarded by it must be short and must never block
// on anything the program controls.
#ifndef RACELIGHT_SPIN_MUTEX_H
#define RACELIGHT_SPIN_MUTEX_H

#include <atomic>

#include <sched.h>

namespace rl {

class SpinMutex {
 public:
  constexpr SpinMutex() = default;
  SpinMutex(const SpinMutex &) = delete;
  SpinMutex &operator=(const SpinMutex &) = delete;

  void Lock() {
    for (unsigned spins = 0;; ++spins) {
      if (!locked_.load(std::memory_order_relaxed) &&
          !locked_.exchange(true, std::memory_order_acquire))
        return;
      if (spins >= 64) sched_yield();
      else __builtin_ia32_pause();
    }
  }
  bool TryLock() {
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  void Unlock() { locked_.store(false, std::memory_order_release); }

 private:
  std::atomic<bool> locked_{false};
};

// Scoped holder.
class SpinLockGuard {
 public:
  explicit SpinLockGuard(SpinMutex &mu) : mu_(mu) { mu_.Lock(); }
  ~SpinLockGuard() { mu_.Unlock(); }
  SpinLockGuard(const SpinLockGuard &) = delete;
  SpinLockGuard &operator=(const SpinLockGuard &) = delete;

 private:
  SpinMutex &mu_;
};

}  // namespace rl

#endif  // RACELIGHT_SPIN_MUTEX_H
