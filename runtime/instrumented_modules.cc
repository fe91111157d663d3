#include "instrumented_modules.h"

#include <link.h>

#include <atomic>

#include "defs.h"
#include "spin_mutex.h"

namespace rl {
namespace {

struct Range {
  uptr begin, end;
};
// Segments of all instrumented modules; more than this and the rest count as instrumented
// (see InInstrumentedModule).
constexpr u32 kMaxRanges = 256;
Range g_ranges[kMaxRanges];
std::atomic<u32> g_count{0};
std::atomic<bool> g_overflow{false};
SpinMutex g_mu;  // serializes writers

struct Search {
  uptr pc;
  bool found;
};

// dl_iterate_phdr callback: records the loaded segments of the object that contains pc.
int AddModuleOf(struct dl_phdr_info *info, size_t, void *arg) {
  Search *s = static_cast<Search *>(arg);
  bool contains = false;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD) continue;
    uptr b = info->dlpi_addr + ph.p_vaddr, e = b + ph.p_memsz;
    if (s->pc >= b && s->pc < e) contains = true;
  }
  if (!contains) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_X)) continue;
    uptr b = info->dlpi_addr + ph.p_vaddr, e = b + ph.p_memsz;
    u32 n = g_count.load(std::memory_order_relaxed);
    bool known = false;
    for (u32 k = 0; k < n; ++k) known |= g_ranges[k].begin == b && g_ranges[k].end == e;
    if (known) continue;
    if (n == kMaxRanges) {
      g_overflow.store(true, std::memory_order_release);
      continue;
    }
    g_ranges[n] = Range{b, e};
    g_count.store(n + 1, std::memory_order_release);
  }
  s->found = true;
  return 1;
}

}  // namespace

void NoteInstrumentedModule(const void *pc) {
  if (!pc) return;
  SpinLockGuard lock(g_mu);
  Search s{uptr(pc), false};
  dl_iterate_phdr(AddModuleOf, &s);
  if (!s.found) g_overflow.store(true, std::memory_order_release);  // cannot tell: be safe
}

bool InInstrumentedModule(const void *pc) {
  if (!pc || g_overflow.load(std::memory_order_acquire)) return true;
  uptr a = uptr(pc);
  u32 n = g_count.load(std::memory_order_acquire);
  for (u32 k = 0; k < n; ++k)
    if (a >= g_ranges[k].begin && a < g_ranges[k].end) return true;
  return false;
}

}  // namespace rl
