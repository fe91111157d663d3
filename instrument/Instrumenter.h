// Instrumenter.h: per-function instrumentation of the Racelight pass.
//
// Run: opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
#ifndef RACELIGHT_INSTRUMENT_INSTRUMENTER_H
#define RACELIGHT_INSTRUMENT_INSTRUMENTER_H

#include "Options.h"

namespace llvm {
class Function;
class Module;
}  // namespace llvm

namespace racelight {

class AccessElider;
class RuntimeFunctions;
class SiteTable;

// Whether the pass instruments `F` at all: it has a body that is emitted in this module,
// is not marked disable_sanitizer_instrumentation or naked, and is not part of Racelight
// (`__rl_*`, which also covers the module constructor the pass emits).
bool shouldInstrumentFunction(const llvm::Function &F);

// Whether the module contains a fence that orders memory between threads (any `fence`
// without syncscope("singlethread")): RL_MODULE_USES_FENCES.
bool moduleUsesThreadFences(const llvm::Module &M);

// Instruments one function: memory accesses, atomics, fences, memory intrinsics, and the
// function entry/exit with the call-site stores. Returns true when `F` was changed.
bool instrumentFunction(llvm::Function &F, const RacelightOptions &Opts, SiteTable &Sites,
                        RuntimeFunctions &RT, AccessElider &Elider);

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_INSTRUMENTER_H
