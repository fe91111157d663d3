// Start-up and shut-down of the runtime, and the module registration entry point.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atomic>

#include "access.h"
#include "check_counts.h"
#include "clock_reset.h"
#include "diagnostics.h"
#include "globals_registry.h"
#include "heap_registry.h"
#include "instrumented_modules.h"
#include "interceptors.h"
#include "lock_model.h"
#include "lock_reports.h"
#include "options.h"
#include "process_info.h"
#include "race_report.h"
#include "report_output.h"
#include "runtime_init.h"
#include "shadow_map.h"
#include "spin_mutex.h"
#include "stack_depot.h"
#include "sync.h"
#include "thread_state.h"

namespace rl {

namespace {
// 0: not started, 1: initializing (on the thread in g_init_owner), 2: done.
std::atomic<int> g_init_state{0};
std::atomic<bool> g_fences_used{false};
SpinMutex g_init_mu;
char g_program_path[4096];

// In the child of fork, before the program's own child handlers (registered later, run
// later): the runtime's locks that other threads of the parent held stay held in the
// child, the other threads and the deadlock watcher are gone. Unlock, end those threads,
// start the child's watcher. The options and the report and log files are inherited.
void AfterForkChild() {
  // The parent's re-scans stay the parent's: the other threads they are about are not here.
  if (tls_thread) tls_thread->num_unfenced = 0;
  g_init_mu.ResetAfterFork();
  ReportOutputAfterForkChild();
  SyncAfterForkChild();
  HeapRegistryAfterForkChild();
  GlobalsRegistryAfterForkChild();
  StackDepotAfterForkChild();
  RaceReportAfterForkChild();
  LockReportsAfterForkChild();
  FdAfterForkChild();
  CheckCountsAfterForkChild();
  ThreadState *ts = tls_thread;
  if (ts) ThreadRegistryAfterForkChild(ts);
  EnsureDeadlockWatcher();
}

void AtExit() {
  if (tls_thread) RecheckUnfenced(tls_thread);
  // Threads still running get atexit_wait_ms to finish (their races are found meanwhile).
  WaitForThreadsAtExit();
  LockOrderNoteLimits();  // the lock-order graph dropped edges: say so
  // Where the runtime's memory went (verbosity=1): what the benchmarks' peak RSS is made of.
  VReport(1, "exit: %zu MiB of shadow mapped, %llu sync objects live",
          size_t(ShadowBytesMapped() >> 20), static_cast<unsigned long long>(LiveSyncVarCount()));
  if (Flags().verbosity >= 1) {
    ShadowResidency r = MeasureShadowResidency();
    VReport(1, "exit: shadow resident in %zu blocks: %zu MiB of cells", size_t(r.blocks),
            size_t(r.cells >> 20));
  }
  PrintCheckCounts();
  PrintSummary();
  int status = ExitStatusFor(0);
  if (status != 0) {
    // Our handler was registered first, so it runs last: the program's own handlers and
    // static destructors have run. Flush stdio as exit() would, then end with the status.
    fflush(nullptr);
    RawExit(status);
  }
}
}  // namespace

bool RuntimeInitialized() { return g_init_state.load(std::memory_order_acquire) == 2; }
bool FencesUsed() { return g_fences_used.load(std::memory_order_relaxed); }
void NoteFencesUsed() { g_fences_used.store(true, std::memory_order_relaxed); }

void InitProcessInfo() {
  ssize_t n = readlink("/proc/self/exe", g_program_path, sizeof(g_program_path) - 1);
  g_program_path[n > 0 ? n : 0] = 0;
}
const char *ProgramPath() { return g_program_path; }

RL_TLS bool tls_initializing;
bool InitializingOnThisThread() { return tls_initializing; }

void InitRuntime() {
  // Re-entered by the initializing thread itself (g_init_mu is not recursive): return.
  if (RuntimeInitialized() || tls_initializing) return;
  SpinLockGuard guard(g_init_mu);
  if (g_init_state.load(std::memory_order_acquire) != 0) return;  // done
  tls_initializing = true;
  g_init_state.store(1, std::memory_order_release);
  InitProcessInfo();
  InitOptions();
  InitShadow();
  InitClockReset();
  InitPthreadInterceptors();
  InitMainThread();
  InitReportOutput();
  atexit(AtExit);
  pthread_atfork(nullptr, nullptr, AfterForkChild);
  g_init_state.store(2, std::memory_order_release);
  tls_initializing = false;
  if (Flags().detect_deadlocks) StartDeadlockWatcher();
  VReport(1, "runtime initialized (pid %d)", getpid());
}

}  // namespace rl

using namespace rl;

RL_EXPORT void __rl_module_init(uint32_t abi_version, const rl_global *globals, uint64_t count,
                                uint32_t module_flags) {
  if (abi_version != RL_ABI_VERSION)
    Die("a module was instrumented for runtime ABI %u, but this runtime speaks ABI %u: rebuild "
        "it with the matching Racelight",
        abi_version, RL_ABI_VERSION);
  InitRuntime();
  // The caller is the module's constructor: its module is instrumented.
  NoteInstrumentedModule(__builtin_return_address(0));
  if (module_flags & RL_MODULE_USES_FENCES) NoteFencesUsed();
  if (module_flags & RL_MODULE_COUNTS_CHECKS) NoteCheckCountingModule();
  RegisterGlobals(globals, count);
}

// A program that calls _exit() after a report still ends with the report exit status.
RL_EXPORT void _exit(int status) {
  if (RuntimeInitialized()) {
    PrintCheckCounts();
    PrintSummary();
    status = ExitStatusFor(status);
  }
  RawExit(status);
}
RL_EXPORT void _Exit(int status) { _exit(status); }
