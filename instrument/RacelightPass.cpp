// RacelightPass.cpp: the module pass that drives the instrumentation of one module.
//
// Run:
//   clang -fpass-plugin=build/lib/racelight/RacelightPass.so -g -O2 -S -emit-llvm foo.c -o -
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
//
// Order of work: list the module's globals (before the pass adds its own), instrument every
// eligible function, then emit the rl_global table and the constructor calling
// __rl_module_init, and mark the module as instrumented.
#include "RacelightPass.h"

#include "Compat.h"
#include "Elisions.h"
#include "Instrumenter.h"
#include "RuntimeFunctions.h"
#include "SiteTable.h"
#include "racelight/interface.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Attributes.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

#define DEBUG_TYPE "racelight"

RL_STATISTIC(NumMarkedSanitizeThread,
             "Functions given sanitize_thread so the optimizer adds no memory accesses");

namespace racelight {

PreservedAnalyses MarkSanitizeThreadPass::run(Module &M, ModuleAnalysisManager &) {
  const RacelightOptions O = Opts ? *Opts : RacelightOptions::fromCommandLine();
  if (!O.MarkSanitizeThread || M.getModuleFlag(InstrumentedModuleFlag))
    return PreservedAnalyses::all();
  bool Changed = false;
  for (Function &F : M) {
    if (!shouldInstrumentFunction(F) || F.hasFnAttribute(Attribute::SanitizeThread))
      continue;
    F.addFnAttr(Attribute::SanitizeThread);
    ++NumMarkedSanitizeThread;
    Changed = true;
  }
  // Attributes only: no analysis result depends on them.
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

PreservedAnalyses RacelightPass::run(Module &M, ModuleAnalysisManager &) {
  // Never twice: a ThinLTO backend or a hand-written pipeline may run the pass again.
  if (M.getModuleFlag(InstrumentedModuleFlag))
    return PreservedAnalyses::all();

  const RacelightOptions O = Opts ? *Opts : RacelightOptions::fromCommandLine();
  // Statistics are counted only once registered, which needs them enabled before the
  // first increment.
  if (O.PrintStatistics)
    EnableStatistics(/*DoPrintOnExit=*/false);

  std::vector<GlobalVariable *> Globals = SiteTable::collectUserGlobals(M);
  uint32_t ModuleFlags = moduleUsesThreadFences(M) ? RL_MODULE_USES_FENCES : 0;
  if (O.CountChecks)
    ModuleFlags |= RL_MODULE_COUNTS_CHECKS;  // the runtime prints the counts at exit

  SiteTable Sites(M, O.InlinedSystemCodeAtCaller);
  RuntimeFunctions RT(M);
  AccessElider Elider(O, Sites);

  SmallVector<Function *, 64> Work;
  for (Function &F : M)
    if (shouldInstrumentFunction(F))
      Work.push_back(&F);
  for (Function *F : Work)
    instrumentFunction(*F, O, Sites, RT, Elider);

  Sites.emitModuleConstructor(Globals, ModuleFlags, RT);
  M.addModuleFlag(Module::Max, InstrumentedModuleFlag, 1);
  if (O.PrintStatistics)
    PrintStatistics(errs());
  return PreservedAnalyses::none();
}

}  // namespace racelight
