// The totals of -racelight-count-checks: a program whose modules were built with that pass
// switch counts, in the thread-local array __rl_check_counts (racelight/interface.h), the
// checks it executes and the accesses each elision rule left unchecked. This file adds up
// the threads' arrays and prints the totals at exit. A program built without the switch
// registers no counting module, and nothing here does any work.
//
// Thread-safety: NoteCheckCountingModule and FoldThreadCheckCounts may run on any thread
// (the totals are atomics); a thread's array is written only by that thread, and read by
// another only at exit (PrintCheckCounts, a snapshot of the threads still running), when
// an 8-byte load sees either the old or the new count.
#ifndef RACELIGHT_CHECK_COUNTS_H
#define RACELIGHT_CHECK_COUNTS_H

#include "defs.h"

namespace rl {

struct ThreadState;

// A module passed RL_MODULE_COUNTS_CHECKS to __rl_module_init.
void NoteCheckCountingModule();
bool CheckCountingEnabled();

// The calling thread's own counter array (set in its ThreadState when it is created).
u64 *ThisThreadCheckCounts();

// Adds `ts`'s counters to the process totals and zeroes them. Called when the thread
// finishes (under the thread registry's lock, where it stops being live: PrintCheckCounts
// then never counts it twice) and again when its state is freed, after its thread_local
// destructors ran (which may count more). `first` says whether this is the thread's first
// fold (the number of threads printed).
void FoldThreadCheckCounts(ThreadState *ts, bool first);

// At exit (and in _exit): the totals plus the threads still running, one line per kind, to
// check_counts_path or else the log. Once per process; nothing unless counting is enabled.
void PrintCheckCounts();

// In a forked child: its counts start from zero (the parent's are the parent's).
void CheckCountsAfterForkChild();

}  // namespace rl

#endif  // RACELIGHT_CHECK_COUNTS_H
