// Support for interceptors: the runtime defines pthread, semaphore, malloc-family and a few
// other libc/libstdc++ functions in the executable, so that every call (from instrumented
// code, from libstdc++.so, from libc itself) reaches the runtime first. The original is
// found with dlsym(RTLD_NEXT) (dlvsym for symbols glibc versions, such as pthread_cond_*).
#ifndef RACELIGHT_INTERCEPTORS_H
#define RACELIGHT_INTERCEPTORS_H

#include "sync.h"

namespace rl {

// What the C library's own lock word says about a lock (glibc's layouts), for the rare
// checks where the model may be stale (a lock initialized without a call where an abandoned,
// still-locked one lived). kUnknown: the word cannot tell (e.g. a read-locked rwlock, a
// locked spinlock), so the model is trusted.
enum class RealLockState { kUnlocked, kHeldBySelf, kHeldByOther, kUnknown };
RealLockState ReadRealLockState(uptr addr, LockType type);

void *ResolveReal(const char *name, const char *version = nullptr);

// interceptors_fd.cc: whether `addr` is the word that stands for a file descriptor in the
// shadow memory (a race on it is a race on the descriptor), and which.
bool FindFdWord(uptr addr, int *fd);
void FdAfterForkChild();
void InitPthreadInterceptors();

}  // namespace rl

#endif  // RACELIGHT_INTERCEPTORS_H
