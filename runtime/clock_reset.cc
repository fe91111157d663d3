// Slot switching and the shadow reset when thread clocks run out (see clock_reset.h).
#include "clock_reset.h"

#include <linux/membarrier.h>
#include <sched.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "access_history.h"
#include "diagnostics.h"
#include "internal_alloc.h"
#include "options.h"
#include "shadow_encoding.h"
#include "shadow_map.h"
#include "spin_mutex.h"

namespace rl {

std::atomic<u32> g_reset_state{kResetIdle};
bool g_section_fence = true;  // until InitClockReset has registered membarrier

namespace {

std::atomic<ShadowUser *> g_users{nullptr};
// This thread is the resetter (a signal handler that interrupts the reset must not wait
// for it).
__attribute__((tls_model("initial-exec"))) thread_local bool tls_resetting = false;
std::atomic<u64> g_resets{0};
u64 g_clock_limit = shadow::kMaxClock;

long Membarrier(int command) { return syscall(__NR_membarrier, command, 0, 0); }

// The resetter's half of the section protocol (clock_reset.h).
void HeavyBarrier() {
  if (g_section_fence || Membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED) != 0)
    std::atomic_thread_fence(std::memory_order_seq_cst);
  // (membarrier cannot fail once registered; the fence above only covers the unregistered
  // case, where every thread fences on entry.)
}

void WaitWhileResetting() {
  while (g_reset_state.load(std::memory_order_acquire) != kResetIdle) sched_yield();
}

// Discards the shadow and the histories and starts a new era, unless another thread is
// resetting already (then waits for it). Called outside any section, with no runtime lock.
void PerformReset() {
  // Marked before the state changes: a handler that runs right after must not wait either.
  tls_resetting = true;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  u32 idle = kResetIdle;
  if (!g_reset_state.compare_exchange_strong(idle, kResetting, std::memory_order_seq_cst)) {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    tls_resetting = false;
    WaitWhileResetting();
    return;
  }
  HeavyBarrier();
  for (ShadowUser *u = g_users.load(std::memory_order_acquire); u; u = u->next)
    while (u->depth.load(std::memory_order_acquire) != 0) sched_yield();
  DiscardAllShadow();
  ForgetAllHistories();
  u64 n = g_resets.fetch_add(1, std::memory_order_relaxed) + 1;
  g_clock_era.fetch_add(1, std::memory_order_seq_cst);
  g_reset_state.store(kResetIdle, std::memory_order_release);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  tls_resetting = false;
  VReport(1, "thread clocks ran out (clock_limit=%llu): shadow reset %llu",
          (unsigned long long)g_clock_limit, (unsigned long long)n);
}

// The clock ran out in the current era (after a reset it has room again).
bool Exhausted(const ThreadState *ts) {
  return ts->clock_exhausted && ts->clock.InCurrentEra();
}

void Reannounce(ShadowUser *user, u32 depth) {
  user->depth.store(depth + 1, std::memory_order_relaxed);
  if (g_section_fence) std::atomic_thread_fence(std::memory_order_seq_cst);
  else std::atomic_signal_fence(std::memory_order_seq_cst);
}

// The thread's epoch in the current era (inside a section, no reset under way).
void RefreshEpoch(ThreadState *ts) {
  const u32 era = g_clock_era.load(std::memory_order_acquire);
  if (!ts->clock.InCurrentEra()) {
    ts->clock.Clear();
    ts->clock_exhausted = false;
  }
  u64 own = ts->clock.Get(ts->slot);
  if (ts->clock_exhausted) {
    // It could not move now (a nested section, or a runtime lock held): this access is
    // recorded at the last clock, and the move is tried again at the next section.
    ts->epoch_bits = shadow::EpochBits(ts->slot, own);
    ts->era = kStaleEra;
    return;
  }
  if (own == 0) {
    // A new era: the slot starts again (it was this thread's across the reset, so no one
    // else has an epoch of it in this era).
    own = 1;
    ts->clock.Set(ts->slot, own);
  }
  // Caches keyed by epoch: an epoch of the old era may come again.
  memset(ts->unrecorded_reads, 0, sizeof(ts->unrecorded_reads));
  ts->num_unfenced = 0;
  ts->history_hint = 0;
  ts->epoch_bits = shadow::EpochBits(ts->slot, own);
  ts->era = era;
}

}  // namespace

u64 ClockLimit() { return g_clock_limit; }
u64 ClockResetCount() { return g_resets.load(std::memory_order_relaxed); }

namespace {
void RegisterMembarrier() {
  g_section_fence = true;
  long supported = Membarrier(MEMBARRIER_CMD_QUERY);
  if (supported > 0 && (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
      Membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) == 0)
    g_section_fence = false;
}
}  // namespace

void InitClockReset() {
  u64 limit = u64(Flags().clock_limit);
  if (limit && limit < g_clock_limit) g_clock_limit = limit;
  RegisterMembarrier();
  VReport(2, "shadow sections use %s",
          g_section_fence ? "a fence (no membarrier)" : "membarrier");
}

ShadowUser *ClaimShadowUser() {
  for (ShadowUser *u = g_users.load(std::memory_order_acquire); u; u = u->next) {
    bool free_record = false;
    if (!u->in_use.load(std::memory_order_relaxed) &&
        u->in_use.compare_exchange_strong(free_record, true, std::memory_order_acq_rel))
      return u;
  }
  ShadowUser *u = InternalNew<ShadowUser>();
  u->in_use.store(true, std::memory_order_relaxed);
  ShadowUser *head = g_users.load(std::memory_order_relaxed);
  do {
    u->next = head;
  } while (!g_users.compare_exchange_weak(head, u, std::memory_order_release,
                                          std::memory_order_relaxed));
  return u;
}

void ReleaseShadowUser(ShadowUser *user) {
  if (!user) return;
  user->depth.store(0, std::memory_order_release);  // (a thread ended by a handler's longjmp)
  user->in_use.store(false, std::memory_order_release);
}

bool EnterShadowSectionSlow(ThreadState *ts, u32 depth) {
  ShadowUser *user = ts->shadow_user;
  // Nobody can be waiting for this thread: it is in no other section, holds no runtime
  // lock (a resetter waits only for sections; a section may wait only for spin locks) and
  // is not a signal handler that interrupted this thread's own reset.
  const bool can_wait = depth == 0 && !SpinLocksHeld() && !tls_resetting;
  for (;;) {
    if (g_reset_state.load(std::memory_order_acquire) != kResetIdle) {
      if (!can_wait) {
        user->depth.store(depth, std::memory_order_release);
        return false;
      }
      user->depth.store(0, std::memory_order_release);
      WaitWhileResetting();
      Reannounce(user, depth);
      continue;
    }
    if (can_wait && Exhausted(ts)) {
      user->depth.store(0, std::memory_order_release);
      if (!Flags().slot_switching || !SwitchThreadSlot(ts)) PerformReset();
      Reannounce(user, depth);
      continue;
    }
    break;
  }
  RefreshEpoch(ts);
  return true;
}

void NoteClockExhausted(ThreadState *ts) {
  ts->clock_exhausted = true;
  ts->era = kStaleEra;
  // Clock 0 is no cell's: every access goes to the slow path, which moves or resets.
  ts->epoch_bits = shadow::EpochBits(ts->slot, 0);
}

void ClockResetAfterForkChild(ThreadState *self) {
  RegisterMembarrier();  // the child is a new process (and has one thread now)
  for (ShadowUser *u = g_users.load(std::memory_order_relaxed); u; u = u->next) {
    if (u == self->shadow_user) continue;
    u->depth.store(0, std::memory_order_relaxed);
    u->in_use.store(false, std::memory_order_relaxed);
  }
  if (g_reset_state.load(std::memory_order_relaxed) != kResetIdle) {
    // The resetter was another thread of the parent: finish its work.
    DiscardAllShadow();
    ForgetAllHistories();
    g_clock_era.fetch_add(1, std::memory_order_seq_cst);
    g_reset_state.store(kResetIdle, std::memory_order_release);
  }
}

}  // namespace rl
