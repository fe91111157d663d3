// Options.cpp: command-line switches of the Racelight pass (see Options.h).
//
// Run:  clang -fplugin=$P -fpass-plugin=$P -mllvm -racelight-<switch>=false   (P=build/lib/racelight/RacelightPass.so)
//       opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight -racelight-<switch>=false
#include "Options.h"

#include "llvm/Support/CommandLine.h"

using namespace llvm;

namespace {

cl::OptionCategory RacelightCategory("Racelight instrumentation options");

cl::opt<bool> ClElideNonEscapingAllocas(
    "racelight-elide-nonescaping-allocas", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Do not instrument accesses to stack slots whose address never leaves the "
             "function (they cannot be shared with another thread)"));
cl::opt<bool> ClElideReadOnlyLoads(
    "racelight-elide-readonly-loads", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Do not instrument loads from constant globals and !invariant.load loads "
             "(nothing can write that memory, so no race is possible)"));
cl::opt<bool> ClElideOwnGlobals(
    "racelight-elide-own-globals", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Do not instrument accesses to the site/global tables Racelight emits"));
cl::opt<bool> ClElideLeafFunctions(
    "racelight-elide-leaf-functions", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Omit __rl_func_entry/__rl_func_exit in functions that make no call and "
             "have no instrumented access"));
cl::opt<bool> ClElideRedundantAccesses(
    "racelight-elide-redundant", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Do not instrument an access whose bytes an earlier access on every path "
             "already checked, with no synchronization in between (same epoch: the "
             "runtime would return at once)"));
cl::opt<bool> ClCoalesceLoopAccesses(
    "racelight-coalesce-loops", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Check the accesses of a loop without synchronization that walk memory with "
             "a constant stride as one read range and one write range on the loop's exits"));
cl::opt<bool> ClElideThreadLocalHeap(
    "racelight-elide-thread-local-heap", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Do not instrument accesses to malloc/new blocks whose address never leaves "
             "the function (no other thread can reach them)"));
cl::opt<bool> ClElideReadsBeforeWrites(
    "racelight-elide-reads-before-writes", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Do not instrument a read whose bytes a later write in the same block covers, "
             "with nothing between that may synchronize or stop the block (the write's "
             "check finds every race the read's would)"));
cl::opt<bool> ClInstrumentAtomics(
    "racelight-instrument-atomics", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Bracket atomic instructions and fences with __rl_atomic_* calls"));
cl::opt<bool> ClInstrumentMemIntrinsics(
    "racelight-instrument-memintrinsics", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Instrument llvm.memcpy/memmove/memset and libc memcpy/memmove/memset/bzero"));
cl::opt<bool> ClInstrumentFuncEntryExit(
    "racelight-instrument-func-entry-exit", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Emit __rl_func_entry/__rl_func_exit and the call-site stores"));

cl::opt<bool> ClMarkSanitizeThread(
    "racelight-mark-sanitize-thread", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Give functions the sanitize_thread attribute before optimization, so that "
             "the optimizer introduces no load or store the source did not make"));
cl::opt<bool> ClInlinedSystemCodeAtCaller(
    "racelight-inlined-system-code-at-caller", cl::init(true), cl::cat(RacelightCategory),
    cl::desc("Give accesses and calls inlined from system headers the site of the user "
             "line they were inlined into (false: the header's own line)"));
cl::opt<bool> ClPrintStatistics(
    "racelight-stats", cl::init(false), cl::cat(RacelightCategory),
    cl::desc("Print the Racelight statistics to stderr after each module (works with "
             "release builds of LLVM, where -stats prints nothing)"));

cl::opt<bool> ClCountChecks(
    "racelight-count-checks", cl::init(false), cl::cat(RacelightCategory),
    cl::desc("Make the program count, per thread, the checks it executes and the accesses "
             "each elision rule left unchecked; the runtime prints the totals at exit"));

}  // namespace

namespace racelight {

RacelightOptions RacelightOptions::fromCommandLine() {
  RacelightOptions O;
  O.ElideNonEscapingAllocas = ClElideNonEscapingAllocas;
  O.ElideReadOnlyLoads = ClElideReadOnlyLoads;
  O.ElideOwnGlobals = ClElideOwnGlobals;
  O.ElideLeafFunctions = ClElideLeafFunctions;
  O.ElideRedundantAccesses = ClElideRedundantAccesses;
  O.CoalesceLoopAccesses = ClCoalesceLoopAccesses;
  O.ElideThreadLocalHeap = ClElideThreadLocalHeap;
  O.ElideReadsBeforeWrites = ClElideReadsBeforeWrites;
  O.InstrumentAtomics = ClInstrumentAtomics;
  O.InstrumentMemIntrinsics = ClInstrumentMemIntrinsics;
  O.InstrumentFuncEntryExit = ClInstrumentFuncEntryExit;
  O.MarkSanitizeThread = ClMarkSanitizeThread;
  O.InlinedSystemCodeAtCaller = ClInlinedSystemCodeAtCaller;
  O.PrintStatistics = ClPrintStatistics;
  O.CountChecks = ClCountChecks;
  return O;
}

}  // namespace racelight
