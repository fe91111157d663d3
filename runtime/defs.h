// Basic types and compiler helpers shared by every runtime file. Dependency-free.
#ifndef RACELIGHT_DEFS_H
#define RACELIGHT_DEFS_H

#include <stddef.h>
#include <stdint.h>

namespace rl {

typedef uintptr_t uptr;
typedef uint64_t u64;
typedef uint32_t u32;
typedef uint16_t u16;
typedef uint8_t u8;

}  // namespace rl

#define RL_LIKELY(x) __builtin_expect(!!(x), 1)
#define RL_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define RL_ALWAYS_INLINE inline __attribute__((always_inline))

#define RL_NOINLINE __attribute__((noinline))
// Symbols the instrumented program (or libc/libstdc++, for interceptors) binds to.
#define RL_EXPORT extern "C" __attribute__((visibility("default")))
// The malloc family: weak, so that a program which defines its own allocator (or links a static
// one such as libjemalloc.a) links, and its definitions win, as with the sanitizers.
#define RL_WEAK_EXPORT extern "C" __attribute__((visibility("default"), weak))
#define RL_TLS __attribute__((tls_model("initial-exec"))) __thread

// Data that one thread writes often and others rarely read (a thread's shadow-section
// depth: ShadowUser) starts a line of its own: two threads writing one line make it bounce
// between their cores on every write (false sharing).
#define RL_CACHE_LINE_SIZE 64

namespace rl {
// A spin-wait hint to the CPU (a pause on x86; nothing elsewhere).
RL_ALWAYS_INLINE void CpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}
}  // namespace rl

#endif  // RACELIGHT_DEFS_H
