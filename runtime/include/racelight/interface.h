// The ABI between code instrumented by the Racelight pass and the runtime.
//
// This header is the whole contract: instrument/ emits calls to these functions and
// nothing else, and runtime/ implements them. It includes nothing but <stdint.h>/<stddef.h>
// so it can be read by C, C++ and the pass alike. Changing a signature here is an ABI break:
// bump RL_ABI_VERSION, which instrumented modules pass to __rl_module_init.
//
// Thread-safety: every function may be called from any thread at any time, including
// before main() (from static constructors) and after it (from destructors). The access
// functions are the hot path: they never lock, allocate or print unless they find
// something new to record.
#ifndef RACELIGHT_INTERFACE_H
#define RACELIGHT_INTERFACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RL_ABI_VERSION 3

// A static source location, one per instrumented instruction or function, emitted by the
// pass as a private, writable global. Strings are NUL-terminated and live as long as the
// module. `id` is 0 in the emitted object; the runtime alone writes it (atomically, once)
// when it first records the site, so shadow cells can name a site in 32 bits.
typedef struct rl_site {
  const char *function;  // function name as written (demangled where the pass can)
  const char *file;      // path as in debug info (absolute when the compile was)
  uint32_t line;         // 0 when the module has no debug info
  uint32_t column;
  uint32_t id;           // runtime-owned; 0 until interned
  uint32_t flags;        // RL_SITE_* bits
  // For code inlined into another function: the site of the call that was inlined (in the
  // caller's source, itself with its own `inlined_at` when that caller was inlined too).
  // Inlined code has no frame at run time, so a stack names these callers from here. NULL
  // for code that was not inlined.
  const struct rl_site *inlined_at;
} rl_site;

#define RL_SITE_SYSTEM_HEADER 1u  // the location is in a system header (e.g. <mutex>)

// A global variable of an instrumented module, registered so reports can name it.
typedef struct rl_global {
  const void *address;
  uint64_t size;
  const char *name;  // source name (demangled where possible)
  const char *file;
  uint32_t line;
  uint32_t reserved;
} rl_global;

// Called from each instrumented module's constructor (priority 0), before any other call
// from that module. Registers the module's globals; safe to call many times.
void __rl_module_init(uint32_t abi_version, const rl_global *globals, uint64_t nglobals,
                      uint32_t module_flags);
#define RL_MODULE_USES_FENCES 1u  // the module contains an acquire or release thread fence
#define RL_MODULE_COUNTS_CHECKS 2u  // built with -racelight-count-checks (__rl_check_counts)

// Function entry/exit. __rl_func_entry returns the slot where the pass stores the site of
// each call the function makes, just before making it, so the runtime can name the line of
// every caller in a stack without a symbolizer. The slot stays valid until the matching
// __rl_func_exit.
const rl_site **__rl_func_entry(const rl_site *function);
void __rl_func_exit(void);

// Plain memory accesses. `addr` may be unaligned; an access may cross 8-byte granules.
void __rl_read1(const void *addr, const rl_site *site);
void __rl_read2(const void *addr, const rl_site *site);
void __rl_read4(const void *addr, const rl_site *site);
void __rl_read8(const void *addr, const rl_site *site);
void __rl_read16(const void *addr, const rl_site *site);
void __rl_write1(const void *addr, const rl_site *site);
void __rl_write2(const void *addr, const rl_site *site);
void __rl_write4(const void *addr, const rl_site *site);
void __rl_write8(const void *addr, const rl_site *site);
void __rl_write16(const void *addr, const rl_site *site);
// Any size (odd sizes, aggregates, memcpy/memmove/memset ranges).
void __rl_read_range(const void *addr, uint64_t size, const rl_site *site);
void __rl_write_range(const void *addr, uint64_t size, const rl_site *site);

// Atomic operations. The pass keeps the atomic instruction itself and brackets it:
//   __rl_atomic_begin(addr, size, desc, site); <the instruction>; __rl_atomic_end(desc')
// The runtime holds the atomic object's lock from begin to end, so the clock it keeps for
// the object changes in the object's modification order: a load acquires exactly what the
// store it read from released, and a relaxed store by another thread ends a release
// sequence. `desc` is RL_ATOMIC_DESC(op, order, failure_order); the orders use the C11
// numbering below. desc' is desc, except for cmpxchg: what happened (a successful exchange
// is an RL_OP_RMW at the success order, a failed one an RL_OP_LOAD at the failure order).
enum {
  RL_RELAXED = 0,
  RL_CONSUME = 1,
  RL_ACQUIRE = 2,
  RL_RELEASE = 3,
  RL_ACQ_REL = 4,
  RL_SEQ_CST = 5
};
enum { RL_OP_LOAD = 0, RL_OP_STORE = 1, RL_OP_RMW = 2, RL_OP_CMPXCHG = 3 };
#define RL_ATOMIC_DESC(op, order, failure_order) \
  ((uint32_t)(op) | ((uint32_t)(order) << 4) | ((uint32_t)(failure_order) << 8))
void __rl_atomic_begin(const void *addr, uint32_t size, uint32_t desc, const rl_site *site);
void __rl_atomic_end(uint32_t desc);
// A cross-thread fence (`fence` without syncscope("singlethread")). Signal fences are
// not passed on: they order nothing between threads.
void __rl_atomic_fence(uint32_t order);

// Check counting (the pass's -racelight-count-checks switch, off by default; a module built
// without it references none of this). The instrumented code adds 1 to this thread's
// counter of a kind wherever the event of that kind happens: next to each check it made
// (RL_COUNT_EXECUTED_*), and where each access it left unchecked was, per elision rule
// (RL_COUNT_REMOVED_*, the rules of docs/instrumentation.md). The counters are plain
// thread-local integers, defined by the runtime (whose executable exports them); the module
// passes RL_MODULE_COUNTS_CHECKS to __rl_module_init, and the runtime then adds up every
// thread's counters and prints the totals at exit. Kinds are only ever appended, so a module
// and a runtime that know different numbers of kinds still agree on the ones both know.
enum {
  RL_COUNT_EXECUTED_FUNCTION_ENTRIES = 0,  // __rl_func_entry calls
  RL_COUNT_EXECUTED_ACCESS_CHECKS = 1,     // plain accesses checked one by one
  RL_COUNT_EXECUTED_LOOP_RANGE_CHECKS = 2,  // range checks of coalesced loops, on exits (f)
  RL_COUNT_EXECUTED_LOOP_LAST_ITERATION_CHECKS = 3,  // (f): last, partial iteration's checks
  RL_COUNT_EXECUTED_MEMORY_OP_CHECKS = 4,  // memcpy/memmove/memset/bzero range checks
  RL_COUNT_EXECUTED_ATOMICS = 5,           // atomic instructions bracketed
  RL_COUNT_REMOVED_NONESCAPING_ALLOCA = 6,  // (a) accesses of a stack slot that does not escape
  RL_COUNT_REMOVED_READ_ONLY = 7,           // (b) loads of read-only memory
  RL_COUNT_REMOVED_OWN_GLOBAL = 8,          // (c) accesses of Racelight's own tables
  RL_COUNT_REMOVED_LEAF_FUNCTION = 9,       // (d) calls of a leaf without func_entry/exit
  RL_COUNT_REMOVED_REDUNDANT = 10,          // (e) accesses already checked in this epoch
  RL_COUNT_REMOVED_LOOP_COALESCED = 11,     // (f) accesses covered by a loop's range check
  RL_COUNT_REMOVED_THREAD_LOCAL_HEAP = 12,  // (g) accesses of a heap block that does not escape
  RL_COUNT_REMOVED_READ_BEFORE_WRITE = 13,  // (h) reads a later write of the block covers
  RL_COUNT_KINDS = 14
};
extern __thread uint64_t __rl_check_counts[RL_COUNT_KINDS];

#ifdef __cplusplus
}  // extern "C"
#endif

#endif  // RACELIGHT_INTERFACE_H
