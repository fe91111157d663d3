// Support for interceptors: the runtime defines pthread, semaphore, malloc-family and a few
// other libc/libstdc++ functions in the executable, so that every call (from instrumented
// code, from libstdc++.so, from libc itself) reaches the runtime first. The original is
// found with dlsym(RTLD_NEXT) (dlvsym for symbols glibc versions, such as pthread_cond_*).
#ifndef RACELIGHT_INTERCEPTORS_H
#define RACELIGHT_INTERCEPTORS_H

namespace rl {

void *ResolveReal(const char *name, const char *version = nullptr);
void InitPthreadInterceptors();

}  // namespace rl

#endif  // RACELIGHT_INTERCEPTORS_H
