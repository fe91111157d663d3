// Options.h: the switches of the Racelight pass.
//
// Every elision and every class of instrumentation can be turned off, to bisect a missed
// report or a miscompile.
//   clang -fplugin=RacelightPass.so -fpass-plugin=RacelightPass.so
//         -mllvm -racelight-elide-nonescaping-allocas=false
// (-fplugin loads the plugin before clang parses -mllvm; -fpass-plugin alone is too late).
//   opt -load-pass-plugin=RacelightPass.so -passes=racelight -racelight-elide-nonescaping-allocas=false
// Unit tests build a RacelightOptions directly instead of going through the command line.
#ifndef RACELIGHT_INSTRUMENT_OPTIONS_H
#define RACELIGHT_INSTRUMENT_OPTIONS_H

namespace racelight {

struct RacelightOptions {
  // Elisions (docs/instrumentation.md, "Elisions"): accesses proven unable to race.
  bool ElideNonEscapingAllocas = true;  // -racelight-elide-nonescaping-allocas
  bool ElideReadOnlyLoads = true;       // -racelight-elide-readonly-loads
  bool ElideOwnGlobals = true;          // -racelight-elide-own-globals
  bool ElideLeafFunctions = true;       // -racelight-elide-leaf-functions
  bool ElideRedundantAccesses = true;   // -racelight-elide-redundant
  bool CoalesceLoopAccesses = true;     // -racelight-coalesce-loops
  bool ElideThreadLocalHeap = true;     // -racelight-elide-thread-local-heap
  bool ElideReadsBeforeWrites = true;   // -racelight-elide-reads-before-writes

  // Classes of instrumentation, to bisect.
  bool InstrumentAtomics = true;         // -racelight-instrument-atomics
  bool InstrumentMemIntrinsics = true;   // -racelight-instrument-memintrinsics
  bool InstrumentFuncEntryExit = true;   // -racelight-instrument-func-entry-exit

  // Mark every function `sanitize_thread` at the start of the pipeline
  // (-racelight-mark-sanitize-thread), so that the optimizer, like under -fsanitize=thread,
  // does not widen or speculate loads and stores into accesses the source never made
  // (e.g. a 16-byte vector load of a[0..1] where the program read only a[0]).
  bool MarkSanitizeThread = true;

  // Name code inlined from a system header after the user line it was inlined into
  // (-racelight-inlined-system-code-at-caller); off: after the header line itself.
  bool InlinedSystemCodeAtCaller = true;

  // Print the pass's statistics to stderr after each module (-racelight-stats). LLVM's own
  // -stats only prints with an assertions-enabled LLVM; this works with any.
  bool PrintStatistics = false;

  // Count, at run time, the checks the program executes and the accesses each elision rule
  // left unchecked (-racelight-count-checks): a thread-local counter increment next to each
  // check and at each elided access, totals printed by the runtime at exit (see
  // docs/instrumentation.md, "Counting checks at run time"). Off: nothing of it is emitted.
  bool CountChecks = false;

  // The values given on the command line (-mllvm -racelight-... under clang); the
  // defaults above when none were given.
  static RacelightOptions fromCommandLine();
};

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_OPTIONS_H
