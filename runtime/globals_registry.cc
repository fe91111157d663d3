#include "globals_registry.h"

#include "internal_alloc.h"
#include "spin_mutex.h"

namespace rl {

namespace {
SpinMutex g_mu;
// Arrays as registered (modules' own storage, valid while the module is loaded).
struct Batch {
  const rl_global *globals;
  u64 count;
};
Batch *g_batches = nullptr;
u32 g_num_batches = 0;
}  // namespace

void RegisterGlobals(const rl_global *globals, u64 count) {
  if (!globals || !count) return;
  SpinLockGuard guard(g_mu);
  for (u32 i = 0; i < g_num_batches; ++i)
    if (g_batches[i].globals == globals) return;  // a module's constructor ran twice
  g_batches = static_cast<Batch *>(InternalRealloc(g_batches, (g_num_batches + 1) * sizeof(Batch)));
  g_batches[g_num_batches++] = Batch{globals, count};
}

bool FindGlobal(uptr addr, GlobalInfo *out) {
  SpinLockGuard guard(g_mu);
  for (u32 b = 0; b < g_num_batches; ++b) {
    for (u64 i = 0; i < g_batches[b].count; ++i) {
      const rl_global &g = g_batches[b].globals[i];
      uptr start = uptr(g.address);
      if (addr >= start && addr < start + (g.size ? g.size : 1)) {
        *out = GlobalInfo{start, g.size, g.name, g.file, g.line};
        return true;
      }
    }
  }
  return false;
}

void GlobalsRegistryAfterForkChild() { g_mu.ResetAfterFork(); }

}  // namespace rl
