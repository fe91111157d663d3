// Interceptors for threads and synchronization: pthread_*, sem_*, and the C++ ABI's
// function-local-static guards (__cxa_guard_*).
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "access.h"
#include "instrumented_modules.h"
#include "interceptors.h"
#include "lock_model.h"
#include "report_output.h"
#include "runtime_init.h"
#include "sync.h"
#include "thread_state.h"

namespace rl {

void *ResolveReal(const char *name, const char *version) {
  void *p = version ? dlvsym(RTLD_NEXT, name, version) : nullptr;
  if (!p) p = dlsym(RTLD_NEXT, name);
  return p;
}

RealLockState ReadRealLockState(uptr addr, LockType type) {
  // The words are read with relaxed atomic loads: other threads may be changing them.
  auto load = [](const void *p) {
    return __atomic_load_n(static_cast<const int *>(p), __ATOMIC_RELAXED);
  };
  int saved_errno = errno;
  int self = int(syscall(SYS_gettid));
  // A holder tid that is no thread of this process (the lock was taken before a fork, by
  // this thread or another one of the parent) says nothing about who holds it in the model.
  auto other = [saved_errno](int owner) {
    bool gone = syscall(SYS_tgkill, getpid(), owner, 0) != 0 && errno == ESRCH;
    errno = saved_errno;
    return gone ? RealLockState::kUnknown : RealLockState::kHeldByOther;
  };
  switch (type) {
    case LockType::kMutex:
    case LockType::kRecursive:
    case LockType::kErrorCheck: {
      // glibc: __lock is the futex word (0 = free), __owner the kernel tid of the holder,
      // set by every successful lock of every kind and cleared by the unlock.
      auto *m = reinterpret_cast<pthread_mutex_t *>(addr);
      int lock = load(&m->__data.__lock), owner = load(&m->__data.__owner);
      if (owner == self) return RealLockState::kHeldBySelf;
      if (owner != 0) return other(owner);
      // Locked but no owner yet: another thread is between its compare-and-swap and the
      // store of __owner (this one would have stored its tid before returning).
      return lock == 0 ? RealLockState::kUnlocked : RealLockState::kHeldByOther;
    }
    case LockType::kRwLock: {
      // glibc >= 2.25: __readers counts readers from bit 3 up; bit 1 is "write-locked";
      // __cur_writer is the writer's kernel tid.
      auto *l = reinterpret_cast<pthread_rwlock_t *>(addr);
      unsigned readers = unsigned(load(&l->__data.__readers));
      if (readers & 2u) {
        int writer = load(&l->__data.__cur_writer);
        return writer == self ? RealLockState::kHeldBySelf
               : writer != 0  ? other(writer)
                              : RealLockState::kUnknown;
      }
      return readers >> 3 ? RealLockState::kUnknown : RealLockState::kUnlocked;
    }
    case LockType::kSpin:
      return load(reinterpret_cast<const void *>(addr)) == 0 ? RealLockState::kUnlocked
                                                             : RealLockState::kUnknown;
    case LockType::kOmp:  // libomp's layout is its own: the model is trusted
    case LockType::kNone: break;
  }
  return RealLockState::kUnknown;
}

}  // namespace rl

using namespace rl;

namespace {

typedef int (*MutexFn)(pthread_mutex_t *);

// The original of every intercepted function, resolved once at start-up.
struct Reals {
  int (*pthread_create)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
  int (*pthread_join)(pthread_t, void **);
  int (*pthread_tryjoin_np)(pthread_t, void **);
  int (*pthread_timedjoin_np)(pthread_t, void **, const struct timespec *);
  int (*pthread_detach)(pthread_t);
  void (*pthread_exit)(void *) __attribute__((noreturn));
  int (*pthread_mutex_init)(pthread_mutex_t *, const pthread_mutexattr_t *);
  int (*pthread_mutex_destroy)(pthread_mutex_t *);
  int (*pthread_mutex_lock)(pthread_mutex_t *);
  int (*pthread_mutex_trylock)(pthread_mutex_t *);
  int (*pthread_mutex_timedlock)(pthread_mutex_t *, const struct timespec *);
  int (*pthread_mutex_clocklock)(pthread_mutex_t *, clockid_t, const struct timespec *);
  int (*pthread_mutex_unlock)(pthread_mutex_t *);
  int (*pthread_rwlock_init)(pthread_rwlock_t *, const pthread_rwlockattr_t *);
  int (*pthread_rwlock_destroy)(pthread_rwlock_t *);
  int (*pthread_rwlock_rdlock)(pthread_rwlock_t *);
  int (*pthread_rwlock_tryrdlock)(pthread_rwlock_t *);
  int (*pthread_rwlock_timedrdlock)(pthread_rwlock_t *, const struct timespec *);
  int (*pthread_rwlock_clockrdlock)(pthread_rwlock_t *, clockid_t, const struct timespec *);
  int (*pthread_rwlock_wrlock)(pthread_rwlock_t *);
  int (*pthread_rwlock_trywrlock)(pthread_rwlock_t *);
  int (*pthread_rwlock_timedwrlock)(pthread_rwlock_t *, const struct timespec *);
  int (*pthread_rwlock_clockwrlock)(pthread_rwlock_t *, clockid_t, const struct timespec *);
  int (*pthread_rwlock_unlock)(pthread_rwlock_t *);
  int (*pthread_spin_init)(pthread_spinlock_t *, int);
  int (*pthread_spin_destroy)(pthread_spinlock_t *);
  int (*pthread_spin_lock)(pthread_spinlock_t *);
  int (*pthread_spin_trylock)(pthread_spinlock_t *);
  int (*pthread_spin_unlock)(pthread_spinlock_t *);
  int (*pthread_cond_init)(pthread_cond_t *, const pthread_condattr_t *);
  int (*pthread_cond_destroy)(pthread_cond_t *);
  int (*pthread_cond_signal)(pthread_cond_t *);
  int (*pthread_cond_broadcast)(pthread_cond_t *);
  int (*pthread_cond_wait)(pthread_cond_t *, pthread_mutex_t *);
  int (*pthread_cond_timedwait)(pthread_cond_t *, pthread_mutex_t *, const struct timespec *);
  int (*pthread_cond_clockwait)(pthread_cond_t *, pthread_mutex_t *, clockid_t,
                                const struct timespec *);
  int (*pthread_barrier_init)(pthread_barrier_t *, const pthread_barrierattr_t *, unsigned);
  int (*pthread_barrier_destroy)(pthread_barrier_t *);
  int (*pthread_barrier_wait)(pthread_barrier_t *);
  int (*pthread_once)(pthread_once_t *, void (*)(void));
  int (*sem_init)(sem_t *, int, unsigned);
  int (*sem_destroy)(sem_t *);
  int (*sem_wait)(sem_t *);
  int (*sem_trywait)(sem_t *);
  int (*sem_timedwait)(sem_t *, const struct timespec *);
  int (*sem_clockwait)(sem_t *, clockid_t, const struct timespec *);
  int (*sem_post)(sem_t *);
  int (*cxa_guard_acquire)(u64 *);
  void (*cxa_guard_release)(u64 *);
  void (*cxa_guard_abort)(u64 *);
};
Reals g_real;

template <typename F>
void Resolve(F *slot, const char *name, const char *version = nullptr) {
  *slot = reinterpret_cast<F>(ResolveReal(name, version));
}

// Entering an interceptor: make sure the runtime is up; returns the thread's state, and
// remembers who called the interceptor (`Enter()` is a macro so that the return address is
// the interceptor's own): see ObjectRead.
ThreadState *EnterFrom(const void *caller) {
  if (RL_UNLIKELY(!RuntimeInitialized())) InitRuntime();
  ThreadState *ts = CurrentThread();
  ts->interceptor_caller = caller;
  return ts;
}
#define Enter() EnterFrom(__builtin_return_address(0))

// The call is passed through without modeling: the thread is ignored, or this is a signal
// handler that interrupted the runtime inside a critical section (spin_mutex.h), where
// taking a runtime lock could wait for the thread itself.
bool Unmodeled(const ThreadState *ts) { return ts->ignore || SpinLocksHeld(); }

LockType MutexType(pthread_mutex_t *m) {
  // glibc keeps the mutex kind in __data.__kind (the low bits; higher bits are flags such
  // as robust or priority-inheritance).
  switch (m->__data.__kind & 3) {
    case PTHREAD_MUTEX_RECURSIVE: return LockType::kRecursive;
    case PTHREAD_MUTEX_ERRORCHECK: return LockType::kErrorCheck;
    default: return LockType::kMutex;
  }
}

// The memory of a sync object, as ThreadSanitizer models it: creating and destroying the
// object write it, using it (lock, unlock, wait, signal, post) reads it atomically. So a
// destroy (or an init, or a free) that races with a use in another thread is a data race,
// and uses never race with each other. One byte, at the object's address. The site is the
// call that reached the interceptor.
// Only calls from instrumented code are checked so (InInstrumentedModule): a library that
// was not (libomp, libstdc++'s condition_variable) orders its own uses of its sync objects
// with atomics the runtime cannot see; libomp initializes a worker's suspend mutex in the
// worker and locks it from the main thread at exit, which was reported as a race.
void ObjectWrite(ThreadState *ts, const void *object) {
  if (!InInstrumentedModule(ts->interceptor_caller)) return;
  CheckAccessRange(ts, uptr(object), 1, kAccessWrite, InnermostCallSite(ts));
}
void ObjectRead(ThreadState *ts, const void *object) {
  if (!InInstrumentedModule(ts->interceptor_caller)) return;
  CheckAccessRange(ts, uptr(object), 1, kAccessRead | kAccessAtomic, InnermostCallSite(ts));
}

// Timed acquires cannot block forever: like try-locks, they neither deadlock nor add edges
// to the lock-order graph. A robust mutex whose owner died is acquired with EOWNERDEAD.
int LockCommon(ThreadState *ts, uptr addr, LockType type, LockMode mode, bool is_try,
               int (*call)(void *), void *arg) {
  if (Unmodeled(ts)) return call(arg);
  DeadLock dead = LockModelDeadLockUse(ts, addr, type, LockUse::kLock);
  if (dead == DeadLock::kDestroyed) return call(arg);  // EINVAL
  if (dead == DeadLock::kAlive) ObjectRead(ts, reinterpret_cast<void *>(addr));
  LockModelBeforeLock(ts, addr, type, mode, is_try);
  int rc = call(arg);
  LockModelAfterLock(ts, addr, type, mode, is_try, rc == 0 || rc == EOWNERDEAD);
  return rc;
}

// Before the real unlock: false when it must not be modeled (a destroyed mutex: EINVAL).
bool UnlockCommon(ThreadState *ts, uptr addr, LockType type) {
  DeadLock dead = LockModelDeadLockUse(ts, addr, type, LockUse::kUnlock);
  if (dead == DeadLock::kDestroyed) return false;
  if (dead == DeadLock::kAlive) ObjectRead(ts, reinterpret_cast<void *>(addr));
  LockModelBeforeUnlock(ts, addr, type);
  return true;
}

thread_local void (*tls_once_fn)(void);
thread_local pthread_once_t *tls_once_control;

void OnceTrampoline() {
  void (*fn)(void) = tls_once_fn;
  pthread_once_t *control = tls_once_control;
  fn();
  ThreadState *ts = CurrentThread();
  if (!Unmodeled(ts)) ReleaseAddr(ts, uptr(control));
}

}  // namespace

namespace rl {

void InitPthreadInterceptors() {
  Resolve(&g_real.pthread_create, "pthread_create");
  Resolve(&g_real.pthread_join, "pthread_join");
  Resolve(&g_real.pthread_tryjoin_np, "pthread_tryjoin_np");
  Resolve(&g_real.pthread_timedjoin_np, "pthread_timedjoin_np");
  Resolve(&g_real.pthread_detach, "pthread_detach");
  Resolve(&g_real.pthread_exit, "pthread_exit");
  Resolve(&g_real.pthread_mutex_init, "pthread_mutex_init");
  Resolve(&g_real.pthread_mutex_destroy, "pthread_mutex_destroy");
  Resolve(&g_real.pthread_mutex_lock, "pthread_mutex_lock");
  Resolve(&g_real.pthread_mutex_trylock, "pthread_mutex_trylock");
  Resolve(&g_real.pthread_mutex_timedlock, "pthread_mutex_timedlock");
  Resolve(&g_real.pthread_mutex_clocklock, "pthread_mutex_clocklock");
  Resolve(&g_real.pthread_mutex_unlock, "pthread_mutex_unlock");
  Resolve(&g_real.pthread_rwlock_init, "pthread_rwlock_init");
  Resolve(&g_real.pthread_rwlock_destroy, "pthread_rwlock_destroy");
  Resolve(&g_real.pthread_rwlock_rdlock, "pthread_rwlock_rdlock");
  Resolve(&g_real.pthread_rwlock_tryrdlock, "pthread_rwlock_tryrdlock");
  Resolve(&g_real.pthread_rwlock_timedrdlock, "pthread_rwlock_timedrdlock");
  Resolve(&g_real.pthread_rwlock_clockrdlock, "pthread_rwlock_clockrdlock");
  Resolve(&g_real.pthread_rwlock_wrlock, "pthread_rwlock_wrlock");
  Resolve(&g_real.pthread_rwlock_trywrlock, "pthread_rwlock_trywrlock");
  Resolve(&g_real.pthread_rwlock_timedwrlock, "pthread_rwlock_timedwrlock");
  Resolve(&g_real.pthread_rwlock_clockwrlock, "pthread_rwlock_clockwrlock");
  Resolve(&g_real.pthread_rwlock_unlock, "pthread_rwlock_unlock");
  Resolve(&g_real.pthread_spin_init, "pthread_spin_init");
  Resolve(&g_real.pthread_spin_destroy, "pthread_spin_destroy");
  Resolve(&g_real.pthread_spin_lock, "pthread_spin_lock");
  Resolve(&g_real.pthread_spin_trylock, "pthread_spin_trylock");
  Resolve(&g_real.pthread_spin_unlock, "pthread_spin_unlock");
  // glibc has two versions of the condition variable functions; the 2.3.2 ones are current.
  Resolve(&g_real.pthread_cond_init, "pthread_cond_init", "GLIBC_2.3.2");
  Resolve(&g_real.pthread_cond_destroy, "pthread_cond_destroy", "GLIBC_2.3.2");
  Resolve(&g_real.pthread_cond_signal, "pthread_cond_signal", "GLIBC_2.3.2");
  Resolve(&g_real.pthread_cond_broadcast, "pthread_cond_broadcast", "GLIBC_2.3.2");
  Resolve(&g_real.pthread_cond_wait, "pthread_cond_wait", "GLIBC_2.3.2");
  Resolve(&g_real.pthread_cond_timedwait, "pthread_cond_timedwait", "GLIBC_2.3.2");
  Resolve(&g_real.pthread_cond_clockwait, "pthread_cond_clockwait");
  Resolve(&g_real.pthread_barrier_init, "pthread_barrier_init");
  Resolve(&g_real.pthread_barrier_destroy, "pthread_barrier_destroy");
  Resolve(&g_real.pthread_barrier_wait, "pthread_barrier_wait");
  Resolve(&g_real.pthread_once, "pthread_once");
  Resolve(&g_real.sem_init, "sem_init");
  Resolve(&g_real.sem_destroy, "sem_destroy");
  Resolve(&g_real.sem_wait, "sem_wait");
  Resolve(&g_real.sem_trywait, "sem_trywait");
  Resolve(&g_real.sem_timedwait, "sem_timedwait");
  Resolve(&g_real.sem_clockwait, "sem_clockwait");
  Resolve(&g_real.sem_post, "sem_post");
  Resolve(&g_real.cxa_guard_acquire, "__cxa_guard_acquire");
  Resolve(&g_real.cxa_guard_release, "__cxa_guard_release");
  Resolve(&g_real.cxa_guard_abort, "__cxa_guard_abort");
  if (!g_real.pthread_create || !g_real.pthread_mutex_lock || !g_real.pthread_join)
    Die("cannot find the C library's pthread functions (dlsym failed)");
}

}  // namespace rl

// ---------------------------------------------------------------- threads

RL_EXPORT int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                             void *(*fn)(void *), void *arg) {
  ThreadState *ts = Enter();
  EnsureDeadlockWatcher();  // stopped when every thread had finished (main's pthread_exit)
  ThreadStart *start = PrepareThreadStart(ts, fn, arg);
  int rc = g_real.pthread_create(thread, attr, ThreadTrampoline, start);
  if (rc != 0) {
    AbandonThreadStart(start);
    return rc;
  }
  int detach_state = PTHREAD_CREATE_JOINABLE;
  if (attr && pthread_attr_getdetachstate(attr, &detach_state) == 0 &&
      detach_state == PTHREAD_CREATE_DETACHED)
    ThreadDetached(*thread);
  return rc;
}

RL_EXPORT int pthread_join(pthread_t thread, void **result) {
  ThreadState *ts = Enter();
  bool watched = !Unmodeled(ts);
  if (watched) WaitBegin(ts, WaitKind::kJoin, uptr(thread), 0);
  int rc = g_real.pthread_join(thread, result);
  if (watched) WaitEnd(ts);
  if (rc == 0) ThreadJoined(ts, thread);
  return rc;
}

RL_EXPORT int pthread_tryjoin_np(pthread_t thread, void **result) {
  ThreadState *ts = Enter();
  int rc = g_real.pthread_tryjoin_np(thread, result);
  if (rc == 0) ThreadJoined(ts, thread);
  return rc;
}

RL_EXPORT int pthread_timedjoin_np(pthread_t thread, void **result, const struct timespec *t) {
  ThreadState *ts = Enter();
  int rc = g_real.pthread_timedjoin_np(thread, result, t);
  if (rc == 0) ThreadJoined(ts, thread);
  return rc;
}

RL_EXPORT int pthread_detach(pthread_t thread) {
  Enter();
  int rc = g_real.pthread_detach(thread);
  if (rc == 0) ThreadDetached(thread);
  return rc;
}

RL_EXPORT void pthread_exit(void *result) {
  ThreadState *ts = Enter();
  ThreadFinish(ts);
  g_real.pthread_exit(result);
}

// ---------------------------------------------------------------- mutexes

RL_EXPORT int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, m);
  int rc = g_real.pthread_mutex_init(m, attr);
  if (rc == 0 && !Unmodeled(ts)) LockModelCreate(ts, uptr(m), MutexType(m));
  return rc;
}

RL_EXPORT int pthread_mutex_destroy(pthread_mutex_t *m) {
  ThreadState *ts = Enter();
  if (Unmodeled(ts)) return g_real.pthread_mutex_destroy(m);
  // A held mutex is reported as destroy-locked and lives on (glibc: EBUSY).
  bool gone = LockModelDestroy(ts, uptr(m));
  if (gone) ObjectWrite(ts, m);
  int rc = g_real.pthread_mutex_destroy(m);
  if (gone && rc == 0) LockModelMutexDestroyed(ts, uptr(m));
  return rc;
}

RL_EXPORT int pthread_mutex_lock(pthread_mutex_t *m) {
  ThreadState *ts = Enter();
  return LockCommon(ts, uptr(m), MutexType(m), LockMode::kExclusive, false,
                    [](void *p) { return g_real.pthread_mutex_lock(static_cast<pthread_mutex_t *>(p)); },
                    m);
}

RL_EXPORT int pthread_mutex_trylock(pthread_mutex_t *m) {
  ThreadState *ts = Enter();
  return LockCommon(ts, uptr(m), MutexType(m), LockMode::kExclusive, true,
                    [](void *p) { return g_real.pthread_mutex_trylock(static_cast<pthread_mutex_t *>(p)); },
                    m);
}

namespace {
struct TimedMutexArgs {
  pthread_mutex_t *m;
  clockid_t clock;
  const struct timespec *t;
};
}  // namespace

RL_EXPORT int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *t) {
  ThreadState *ts = Enter();
  TimedMutexArgs a{m, CLOCK_REALTIME, t};
  return LockCommon(ts, uptr(m), MutexType(m), LockMode::kExclusive, true,
                    [](void *p) {
                      auto *a = static_cast<TimedMutexArgs *>(p);
                      return g_real.pthread_mutex_timedlock(a->m, a->t);
                    },
                    &a);
}

RL_EXPORT int pthread_mutex_clocklock(pthread_mutex_t *m, clockid_t clock,
                                      const struct timespec *t) {
  ThreadState *ts = Enter();
  TimedMutexArgs a{m, clock, t};
  return LockCommon(ts, uptr(m), MutexType(m), LockMode::kExclusive, true,
                    [](void *p) {
                      auto *a = static_cast<TimedMutexArgs *>(p);
                      return g_real.pthread_mutex_clocklock(a->m, a->clock, a->t);
                    },
                    &a);
}

RL_EXPORT int pthread_mutex_unlock(pthread_mutex_t *m) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) UnlockCommon(ts, uptr(m), MutexType(m));
  return g_real.pthread_mutex_unlock(m);
}

// ---------------------------------------------------------------- rwlocks

RL_EXPORT int pthread_rwlock_init(pthread_rwlock_t *l, const pthread_rwlockattr_t *attr) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, l);
  int rc = g_real.pthread_rwlock_init(l, attr);
  if (rc == 0 && !Unmodeled(ts)) LockModelCreate(ts, uptr(l), LockType::kRwLock);
  return rc;
}

RL_EXPORT int pthread_rwlock_destroy(pthread_rwlock_t *l) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts) && LockModelDestroy(ts, uptr(l))) ObjectWrite(ts, l);
  return g_real.pthread_rwlock_destroy(l);
}

#define RL_RWLOCK(name, mode, is_try)                                                      \
  RL_EXPORT int name(pthread_rwlock_t *l) {                                                \
    ThreadState *ts = Enter();                                                             \
    return LockCommon(ts, uptr(l), LockType::kRwLock, mode, is_try,                     \
                      [](void *p) { return g_real.name(static_cast<pthread_rwlock_t *>(p)); }, \
                      l);                                                                  \
  }
RL_RWLOCK(pthread_rwlock_rdlock, LockMode::kShared, false)
RL_RWLOCK(pthread_rwlock_tryrdlock, LockMode::kShared, true)
RL_RWLOCK(pthread_rwlock_wrlock, LockMode::kExclusive, false)
RL_RWLOCK(pthread_rwlock_trywrlock, LockMode::kExclusive, true)
#undef RL_RWLOCK

namespace {
struct TimedRwArgs {
  pthread_rwlock_t *l;
  clockid_t clock;
  const struct timespec *t;
};
}  // namespace

RL_EXPORT int pthread_rwlock_timedrdlock(pthread_rwlock_t *l, const struct timespec *t) {
  ThreadState *ts = Enter();
  TimedRwArgs a{l, CLOCK_REALTIME, t};
  return LockCommon(ts, uptr(l), LockType::kRwLock, LockMode::kShared, true,
                    [](void *p) {
                      auto *a = static_cast<TimedRwArgs *>(p);
                      return g_real.pthread_rwlock_timedrdlock(a->l, a->t);
                    },
                    &a);
}
RL_EXPORT int pthread_rwlock_timedwrlock(pthread_rwlock_t *l, const struct timespec *t) {
  ThreadState *ts = Enter();
  TimedRwArgs a{l, CLOCK_REALTIME, t};
  return LockCommon(ts, uptr(l), LockType::kRwLock, LockMode::kExclusive, true,
                    [](void *p) {
                      auto *a = static_cast<TimedRwArgs *>(p);
                      return g_real.pthread_rwlock_timedwrlock(a->l, a->t);
                    },
                    &a);
}
RL_EXPORT int pthread_rwlock_clockrdlock(pthread_rwlock_t *l, clockid_t c, const struct timespec *t) {
  ThreadState *ts = Enter();
  TimedRwArgs a{l, c, t};
  return LockCommon(ts, uptr(l), LockType::kRwLock, LockMode::kShared, true,
                    [](void *p) {
                      auto *a = static_cast<TimedRwArgs *>(p);
                      return g_real.pthread_rwlock_clockrdlock(a->l, a->clock, a->t);
                    },
                    &a);
}
RL_EXPORT int pthread_rwlock_clockwrlock(pthread_rwlock_t *l, clockid_t c, const struct timespec *t) {
  ThreadState *ts = Enter();
  TimedRwArgs a{l, c, t};
  return LockCommon(ts, uptr(l), LockType::kRwLock, LockMode::kExclusive, true,
                    [](void *p) {
                      auto *a = static_cast<TimedRwArgs *>(p);
                      return g_real.pthread_rwlock_clockwrlock(a->l, a->clock, a->t);
                    },
                    &a);
}

RL_EXPORT int pthread_rwlock_unlock(pthread_rwlock_t *l) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) UnlockCommon(ts, uptr(l), LockType::kRwLock);
  return g_real.pthread_rwlock_unlock(l);
}

// ---------------------------------------------------------------- spinlocks

RL_EXPORT int pthread_spin_init(pthread_spinlock_t *l, int shared) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, (const void *)l);
  int rc = g_real.pthread_spin_init(l, shared);
  if (rc == 0 && !Unmodeled(ts)) LockModelCreate(ts, uptr(l), LockType::kSpin);
  return rc;
}
RL_EXPORT int pthread_spin_destroy(pthread_spinlock_t *l) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts) && LockModelDestroy(ts, uptr(l))) ObjectWrite(ts, (void *)l);
  return g_real.pthread_spin_destroy(l);
}
RL_EXPORT int pthread_spin_lock(pthread_spinlock_t *l) {
  ThreadState *ts = Enter();
  return LockCommon(ts, uptr(l), LockType::kSpin, LockMode::kExclusive, false,
                    [](void *p) { return g_real.pthread_spin_lock(static_cast<pthread_spinlock_t *>(p)); },
                    (void *)(l));
}
RL_EXPORT int pthread_spin_trylock(pthread_spinlock_t *l) {
  ThreadState *ts = Enter();
  return LockCommon(ts, uptr(l), LockType::kSpin, LockMode::kExclusive, true,
                    [](void *p) { return g_real.pthread_spin_trylock(static_cast<pthread_spinlock_t *>(p)); },
                    (void *)(l));
}
RL_EXPORT int pthread_spin_unlock(pthread_spinlock_t *l) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) UnlockCommon(ts, uptr(l), LockType::kSpin);
  return g_real.pthread_spin_unlock(l);
}

// ---------------------------------------------------------------- condition variables
// Waiting releases the mutex and reacquires it: that is all the order a condition variable
// gives (a signal alone orders nothing: a flag set outside the mutex still races).

namespace {
// `cond` is the condition variable; `c` is too, but null for the timed waits: they cannot
// block for ever, so they are not watched.
template <typename Wait>
int CondWaitCommon(pthread_cond_t *cond, pthread_cond_t *c, pthread_mutex_t *m, Wait wait) {
  ThreadState *ts = Enter();
  if (Unmodeled(ts)) return wait();
  LockType type = MutexType(m);
  DeadLock dead = LockModelDeadLockUse(ts, uptr(m), type, LockUse::kWait);
  if (dead == DeadLock::kDestroyed) return wait();  // EINVAL
  ObjectRead(ts, cond);
  if (dead == DeadLock::kAlive) ObjectRead(ts, m);
  // The unlock and relock are one event in the thread's history: a cond-wait.
  ts->in_cond_wait = true;
  LockModelBeforeUnlock(ts, uptr(m), type);
  if (c) WaitBegin(ts, WaitKind::kCond, uptr(c), uptr(m));
  int rc = wait();
  if (c) WaitEnd(ts);
  // The mutex is held again whether the wait succeeded or timed out (or its robust owner
  // died: EOWNERDEAD).
  LockModelAfterLock(ts, uptr(m), type, LockMode::kExclusive, true,
                     rc == 0 || rc == ETIMEDOUT || rc == EOWNERDEAD);
  ts->in_cond_wait = false;
  RecordSyncEvent(ts, SyncEventKind::kCondWait, uptr(cond),
                  GetSyncVarCached(&ts->sync_cache, uptr(m))->id, u8(type));
  return rc;
}
}  // namespace

RL_EXPORT int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) {
  return CondWaitCommon(c, c, m, [&] { return g_real.pthread_cond_wait(c, m); });
}
RL_EXPORT int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m,
                                     const struct timespec *t) {
  return CondWaitCommon(c, nullptr, m, [&] { return g_real.pthread_cond_timedwait(c, m, t); });
}
RL_EXPORT int pthread_cond_clockwait(pthread_cond_t *c, pthread_mutex_t *m, clockid_t clock,
                                     const struct timespec *t) {
  return CondWaitCommon(c, nullptr, m,
                        [&] { return g_real.pthread_cond_clockwait(c, m, clock, t); });
}

RL_EXPORT int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, c);
  return g_real.pthread_cond_init(c, attr);
}
RL_EXPORT int pthread_cond_destroy(pthread_cond_t *c) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, c);
  return g_real.pthread_cond_destroy(c);
}
RL_EXPORT int pthread_cond_signal(pthread_cond_t *c) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) {
    ObjectRead(ts, c);
    RecordSyncEvent(ts, SyncEventKind::kCondSignal, uptr(c));
  }
  return g_real.pthread_cond_signal(c);
}
RL_EXPORT int pthread_cond_broadcast(pthread_cond_t *c) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) {
    ObjectRead(ts, c);
    RecordSyncEvent(ts, SyncEventKind::kCondBroadcast, uptr(c));
  }
  return g_real.pthread_cond_broadcast(c);
}

// ---------------------------------------------------------------- barriers, once

RL_EXPORT int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *a,
                                   unsigned count) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) {
    ObjectWrite(ts, b);
    DestroySyncVar(uptr(b));
  }
  return g_real.pthread_barrier_init(b, a, count);
}
RL_EXPORT int pthread_barrier_destroy(pthread_barrier_t *b) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, b);
  DestroySyncVar(uptr(b));
  return g_real.pthread_barrier_destroy(b);
}
RL_EXPORT int pthread_barrier_wait(pthread_barrier_t *b) {
  ThreadState *ts = Enter();
  if (Unmodeled(ts)) return g_real.pthread_barrier_wait(b);
  // Everyone releases before arriving; after the barrier opens, everyone acquires what
  // all arrivals released.
  ObjectRead(ts, b);
  ReleaseAddr(ts, uptr(b));
  WaitBegin(ts, WaitKind::kBarrier, uptr(b), 0);
  int rc = g_real.pthread_barrier_wait(b);
  WaitEnd(ts);
  AcquireAddr(ts, uptr(b));
  RecordSyncEvent(ts, SyncEventKind::kBarrier, uptr(b));
  return rc;
}

RL_EXPORT int pthread_once(pthread_once_t *control, void (*fn)(void)) {
  ThreadState *ts = Enter();
  if (Unmodeled(ts)) return g_real.pthread_once(control, fn);
  // The initializer may itself call pthread_once: save and restore what it runs.
  void (*saved_fn)(void) = tls_once_fn;
  pthread_once_t *saved_control = tls_once_control;
  tls_once_fn = fn;
  tls_once_control = control;
  int rc = g_real.pthread_once(control, OnceTrampoline);
  tls_once_fn = saved_fn;
  tls_once_control = saved_control;
  AcquireAddr(ts, uptr(control));
  return rc;
}

// ---------------------------------------------------------------- semaphores

RL_EXPORT int sem_init(sem_t *s, int shared, unsigned value) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) {
    ObjectWrite(ts, s);
    DestroySyncVar(uptr(s));
  }
  return g_real.sem_init(s, shared, value);
}
RL_EXPORT int sem_destroy(sem_t *s) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectWrite(ts, s);
  DestroySyncVar(uptr(s));
  return g_real.sem_destroy(s);
}
RL_EXPORT int sem_post(sem_t *s) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) {
    ObjectRead(ts, s);
    ReleaseAddr(ts, uptr(s));
    RecordSyncEvent(ts, SyncEventKind::kSemPost, uptr(s));
  }
  return g_real.sem_post(s);
}
RL_EXPORT int sem_wait(sem_t *s) {
  ThreadState *ts = Enter();
  bool watched = !Unmodeled(ts);
  if (watched) ObjectRead(ts, s);
  if (watched) WaitBegin(ts, WaitKind::kSem, uptr(s), 0);
  int rc = g_real.sem_wait(s);
  if (watched) WaitEnd(ts);
  if (rc == 0 && !Unmodeled(ts)) {
    AcquireAddr(ts, uptr(s));
    RecordSyncEvent(ts, SyncEventKind::kSemWait, uptr(s));
  }
  return rc;
}
RL_EXPORT int sem_trywait(sem_t *s) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectRead(ts, s);
  int rc = g_real.sem_trywait(s);
  if (rc == 0 && !Unmodeled(ts)) {
    AcquireAddr(ts, uptr(s));
    RecordSyncEvent(ts, SyncEventKind::kSemWait, uptr(s));
  }
  return rc;
}
RL_EXPORT int sem_timedwait(sem_t *s, const struct timespec *t) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectRead(ts, s);
  int rc = g_real.sem_timedwait(s, t);
  if (rc == 0 && !Unmodeled(ts)) {
    AcquireAddr(ts, uptr(s));
    RecordSyncEvent(ts, SyncEventKind::kSemWait, uptr(s));
  }
  return rc;
}
RL_EXPORT int sem_clockwait(sem_t *s, clockid_t clock, const struct timespec *t) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ObjectRead(ts, s);
  int rc = g_real.sem_clockwait(s, clock, t);
  if (rc == 0 && !Unmodeled(ts)) {
    AcquireAddr(ts, uptr(s));
    RecordSyncEvent(ts, SyncEventKind::kSemWait, uptr(s));
  }
  return rc;
}

// ---------------------------------------------------------------- C++ static guards
// The compiler's inline fast path is an acquire load of the guard (instrumented as such);
// the slow path goes through these. Release when initialization is done, acquire when a
// thread finds it done.

RL_EXPORT int __cxa_guard_acquire(u64 *guard) {
  ThreadState *ts = Enter();
  int rc = g_real.cxa_guard_acquire(guard);
  if (rc == 0 && !Unmodeled(ts)) AcquireAddr(ts, uptr(guard));
  return rc;
}
RL_EXPORT void __cxa_guard_release(u64 *guard) {
  ThreadState *ts = Enter();
  if (!Unmodeled(ts)) ReleaseAddr(ts, uptr(guard));
  g_real.cxa_guard_release(guard);
}
RL_EXPORT void __cxa_guard_abort(u64 *guard) {
  Enter();
  g_real.cxa_guard_abort(guard);
}
