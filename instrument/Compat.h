// Compat.h: thin shims over the few LLVM APIs whose shape changes between releases.
//
// Part of the Racelight pass; run it with
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
//
// Racelight is built and tested against LLVM 19 (see the top-level CMakeLists.txt). Every
// place in instrument/ that touches an API known to have changed in a nearby release goes
// through this header, so porting to another LLVM is a matter of editing this file only.
// Branches for releases other than 19 follow the upstream change notes but are untested.
#ifndef RACELIGHT_INSTRUMENT_COMPAT_H
#define RACELIGHT_INSTRUMENT_COMPAT_H

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"

#include <utility>

// Statistics printed by `-stats`. The plain STATISTIC macro compiles to a no-op in release
// builds of LLVM (Debian's among them), so the pass uses the always-enabled flavour: the
// counters then work with every clang/opt, at the cost of one atomic add per event.
#define RL_STATISTIC(VAR, DESC) ALWAYS_ENABLED_STATISTIC(VAR, DESC)

namespace racelight::compat {

// PassBuilder::registerOptimizerLastEPCallback gained a ThinOrFullLTOPhase parameter in
// LLVM 20. `Fn` is called as Fn(ModulePassManager &, OptimizationLevel).
template <typename Fn>
void registerOptimizerLastEPCallback(llvm::PassBuilder &PB, Fn Callback) {
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback(
      [Callback](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level,
                 llvm::ThinOrFullLTOPhase) { Callback(MPM, Level); });
#else
  PB.registerOptimizerLastEPCallback(
      [Callback](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level) {
        Callback(MPM, Level);
      });
#endif
}

// True when `V` (an alloca) may be captured: stored anywhere, returned, or passed to a call
// whose parameter is not `nocapture`. LLVM 20 dropped the StoreCaptures flag (stores always
// capture there, which is what Racelight asks for anyway).
inline bool pointerMayBeCaptured(const llvm::Value *V) {
#if LLVM_VERSION_MAJOR >= 20
  return llvm::PointerMayBeCaptured(V, /*ReturnCaptures=*/true);
#else
  return llvm::PointerMayBeCaptured(V, /*ReturnCaptures=*/true, /*StoreCaptures=*/true);
#endif
}

}  // namespace racelight::compat

#endif  // RACELIGHT_INSTRUMENT_COMPAT_H
