// RacelightPass.h: the Racelight instrumentation pass (new pass manager, module pass).
//
// Run it:
//   clang -fpass-plugin=build/lib/racelight/RacelightPass.so -g -O2 -c foo.c
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
// or, in-process (the unit tests do this):  MPM.addPass(racelight::RacelightPass(Opts));
//
// What the pass emits is described in docs/instrumentation.md; the functions it calls are
// exactly those of runtime/include/racelight/interface.h.
#ifndef RACELIGHT_INSTRUMENT_RACELIGHTPASS_H
#define RACELIGHT_INSTRUMENT_RACELIGHTPASS_H

#include "Options.h"

#include "llvm/IR/PassManager.h"

#include <optional>

namespace llvm {
class Module;
}

namespace racelight {

// Name of the module flag that marks a module as already instrumented, so that the pass
// never instruments a module twice (e.g. in a ThinLTO backend, which runs the
// OptimizerLast extension point again on modules instrumented at pre-link).
inline constexpr const char *InstrumentedModuleFlag = "racelight.instrumented";

class RacelightPass : public llvm::PassInfoMixin<RacelightPass> {
public:
  // Options are read from the command line (-mllvm -racelight-...) when the pass runs.
  RacelightPass() = default;
  explicit RacelightPass(const RacelightOptions &Opts) : Opts(Opts) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);

  // Run even on optnone functions (-O0): instrumentation is not an optimization.
  static bool isRequired() { return true; }

private:
  std::optional<RacelightOptions> Opts;
};

// Runs at the start of the optimization pipeline: gives every function that the
// instrumentation will see the `sanitize_thread` attribute. LLVM's optimizations consult it
// (as they do for -fsanitize=thread) and then do not introduce memory accesses the program
// did not make: load widening, speculative loads and stores. Without it such an access,
// instrumented later, can race where the source does not (a false report).
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight-mark in.ll -S
class MarkSanitizeThreadPass : public llvm::PassInfoMixin<MarkSanitizeThreadPass> {
public:
  MarkSanitizeThreadPass() = default;
  explicit MarkSanitizeThreadPass(const RacelightOptions &Opts) : Opts(Opts) {}

  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; }

private:
  std::optional<RacelightOptions> Opts;
};

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_RACELIGHTPASS_H
