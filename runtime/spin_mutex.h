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

// How many SpinMutexes this thread holds or is taking. A signal handler that runs while
// its thread is inside a runtime critical section must not take a runtime lock: it could
// be the one its own thread holds, and it would wait for ever. The entry points a handler
// can reach (interceptors, atomics) check SpinLocksHeld() and then synchronize nothing.
// Counted before the lock is tried and after it is released, so a handler never sees 0
// while its thread holds one.
__attribute__((tls_model("initial-exec"))) inline thread_local unsigned tls_spin_locks = 0;
inline bool SpinLocksHeld() { return tls_spin_locks != 0; }

// Non-zero in the runtime's own threads (the deadlock watcher, for ever) and while runtime
// code formats or parses text with the C library (TextBuffer, snprintf, strlen on its own
// buffers): the libc interceptors (interceptors_fd.cc, interceptors_libc.cc) then pass the
// call through unmodeled, so the runtime's memory traffic is never checked as the program's.
__attribute__((tls_model("initial-exec"))) inline thread_local unsigned tls_runtime_internal = 0;
struct ScopedRuntimeInternal {
  ScopedRuntimeInternal() { ++tls_runtime_internal; }
  ~ScopedRuntimeInternal() { --tls_runtime_internal; }
};

class SpinMutex {
 public:
  constexpr SpinMutex() = default;
  SpinMutex(const SpinMutex &) = delete;
  SpinMutex &operator=(const SpinMutex &) = delete;

  void Lock() {
    ++tls_spin_locks;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    for (unsigned spins = 0;; ++spins) {
      if (!locked_.load(std::memory_order_relaxed) &&
          !locked_.exchange(true, std::memory_order_acquire))
        return;
      if (spins >= 64) sched_yield();
      else __builtin_ia32_pause();
    }
  }
  bool TryLock() {
    ++tls_spin_locks;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    if (!locked_.load(std::memory_order_relaxed) &&
        !locked_.exchange(true, std::memory_order_acquire))
      return true;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    --tls_spin_locks;
    return false;
  }
  void Unlock() {
    locked_.store(false, std::memory_order_release);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    --tls_spin_locks;
  }
  // In a forked child, which has only the forking thread: a lock that another thread of
  // the parent held at the fork would stay held for ever. Only for fork handlers.
  void ResetAfterFork() { locked_.store(false, std::memory_order_relaxed); }

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
