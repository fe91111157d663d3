// Plugin.cpp: registration of the Racelight pass with the new pass manager.
//
// Run:
//   clang -fpass-plugin=build/lib/racelight/RacelightPass.so -O0|-O1|-O2|-O3 ...
//     the pass runs at the OptimizerLast extension point, which LLVM 19 invokes in every
//     default pipeline, -O0 included (and in the LTO/ThinLTO pre-link pipelines); before
//     it, at PipelineStartEP, MarkSanitizeThreadPass keeps the optimizer from adding accesses;
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
//     the pass by name, alone or within a pipeline string (racelight-mark: the marker).
// Options: -mllvm -racelight-<switch>=false under clang (see Options.h).
#include "Compat.h"
#include "RacelightPass.h"

#include "llvm/Passes/PassBuilder.h"

using namespace llvm;

#ifndef RACELIGHT_VERSION_STRING
#define RACELIGHT_VERSION_STRING "0.0.0"
#endif

namespace {

void registerRacelight(PassBuilder &PB) {
  // First in the pipeline: the attribute must be in place before any optimization that
  // would widen or speculate a memory access.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel) {
    MPM.addPass(racelight::MarkSanitizeThreadPass());
  });
  // Last in the optimization pipeline: the accesses that remain after optimization are
  // the ones the program makes, and inlined code is instrumented once, in its caller.
  racelight::compat::registerOptimizerLastEPCallback(
      PB, [](ModulePassManager &MPM, OptimizationLevel) {
        MPM.addPass(racelight::RacelightPass());
      });

  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name == "racelight-mark") {
          MPM.addPass(racelight::MarkSanitizeThreadPass());
          return true;
        }
        if (Name != "racelight")
          return false;
        MPM.addPass(racelight::RacelightPass());
        return true;
      });
}

}  // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "Racelight", RACELIGHT_VERSION_STRING, registerRacelight};
}
