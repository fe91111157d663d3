// Helpers for the Racelight pass unit tests (see PassTestUtil.h).
#include "PassTestUtil.h"

#include "llvm/AsmParser/Parser.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Verifier.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace llvm;

namespace racelight::test {

std::unique_ptr<Module> PassTest::parse(StringRef IR) {
  SMDiagnostic Err;
  std::unique_ptr<Module> M = parseAssemblyString(IR, Err, Ctx);
  if (!M) {
    std::string Msg;
    raw_string_ostream OS(Msg);
    Err.print("test-input", OS);
    ADD_FAILURE() << "IR does not parse:\n" << Msg;
    return nullptr;
  }
  std::string Errors;
  raw_string_ostream OS(Errors);
  if (verifyModule(*M, &OS)) {
    ADD_FAILURE() << "input IR does not verify:\n" << Errors;
    return nullptr;
  }
  return M;
}

void PassTest::runOn(Module &M, const RacelightOptions &Opts) {
  LoopAnalysisManager LAM;
  FunctionAnalysisManager FAM;
  CGSCCAnalysisManager CGAM;
  ModuleAnalysisManager MAM;
  PassBuilder PB;
  PB.registerModuleAnalyses(MAM);
  PB.registerCGSCCAnalyses(CGAM);
  PB.registerFunctionAnalyses(FAM);
  PB.registerLoopAnalyses(LAM);
  PB.crossRegisterProxies(LAM, FAM, CGAM, MAM);

  ModulePassManager MPM;
  MPM.addPass(RacelightPass(Opts));
  MPM.run(M, MAM);

  std::string Errors;
  raw_string_ostream OS(Errors);
  if (verifyModule(M, &OS))
    ADD_FAILURE() << "instrumented IR does not verify:\n" << Errors << "\n" << toString(M);
}

std::unique_ptr<Module> PassTest::run(StringRef IR, const RacelightOptions &Opts) {
  std::unique_ptr<Module> M = parse(IR);
  if (M)
    runOn(*M, Opts);
  return M;
}

static bool isSlotStore(const Instruction &I) {
  const auto *SI = dyn_cast<StoreInst>(&I);
  if (!SI || !SI->hasMetadata(compat::noSanitizeKind(SI->getContext())))
    return false;
  const auto *GV = dyn_cast<GlobalVariable>(SI->getValueOperand());
  return GV && compat::startsWith(GV->getName(), "__rl_site");
}

std::vector<std::string> trace(const BasicBlock &BB) {
  std::vector<std::string> T;
  for (const Instruction &I : BB) {
    if (const auto *CB = dyn_cast<CallBase>(&I)) {
      if (isa<IntrinsicInst>(CB) && !isa<MemIntrinsic>(CB))
        continue;
      const Function *Callee = CB->getCalledFunction();
      T.push_back("call:" + (Callee ? Callee->getName().str() : std::string("<indirect>")));
      continue;
    }
    if (isSlotStore(I)) {
      T.push_back("slot-store");
      continue;
    }
    T.push_back(I.getOpcodeName());
  }
  return T;
}

std::vector<std::string> trace(const Function &F) {
  std::vector<std::string> T;
  for (const BasicBlock &BB : F) {
    std::vector<std::string> B = trace(BB);
    T.insert(T.end(), B.begin(), B.end());
  }
  return T;
}

std::vector<std::string> withoutFrame(std::vector<std::string> Trace) {
  Trace.erase(std::remove_if(Trace.begin(), Trace.end(),
                             [](const std::string &W) {
                               return W == "call:__rl_func_entry" ||
                                      W == "call:__rl_func_exit";
                             }),
              Trace.end());
  return Trace;
}

std::vector<const CallBase *> callsTo(const Function &F, StringRef Callee) {
  std::vector<const CallBase *> Calls;
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (const Function *C = CB->getCalledFunction(); C && C->getName() == Callee)
          Calls.push_back(CB);
  return Calls;
}

unsigned countCalls(const Function &F, StringRef Callee) {
  return callsTo(F, Callee).size();
}

uint64_t statistic(StringRef Name) {
  for (const auto &[N, V] : GetStatistics())
    if (N == Name)
      return V;
  return 0;
}

unsigned countCalls(const Module &M, StringRef Callee) {
  unsigned N = 0;
  for (const Function &F : M)
    N += countCalls(F, Callee);
  return N;
}

std::string cString(const Value *V) {
  const auto *GV = dyn_cast_or_null<GlobalVariable>(V);
  if (!GV || !GV->hasInitializer())
    return "";
  if (const auto *CDA = dyn_cast<ConstantDataArray>(GV->getInitializer()))
    if (CDA->isCString())
      return CDA->getAsCString().str();
  if (isa<ConstantAggregateZero>(GV->getInitializer()))
    return "";
  return "<not a string>";
}

static unsigned intField(const Constant *C, unsigned I) {
  return cast<ConstantInt>(C->getAggregateElement(I))->getZExtValue();
}

SiteInfo siteInfo(const Value *SitePtr) {
  SiteInfo S;
  const auto *GV = dyn_cast_or_null<GlobalVariable>(SitePtr);
  if (!GV || !GV->hasInitializer())
    return S;
  const Constant *Init = GV->getInitializer();
  S.Valid = true;
  S.Function = cString(Init->getAggregateElement(0u));
  S.File = cString(Init->getAggregateElement(1u));
  S.Line = intField(Init, 2);
  S.Column = intField(Init, 3);
  S.Id = intField(Init, 4);
  S.Flags = intField(Init, 5);
  if (const Constant *At = Init->getAggregateElement(6u))
    if (!At->isNullValue())
      S.InlinedAt = At->stripPointerCasts();
  S.IsConstant = GV->isConstant();
  S.IsPrivate = GV->hasPrivateLinkage();
  return S;
}

std::vector<GlobalInfo> registeredGlobals(const Module &M) {
  std::vector<GlobalInfo> Result;
  const GlobalVariable *Table = M.getNamedGlobal("__rl_globals");
  if (!Table)
    return Result;
  const Constant *Arr = Table->getInitializer();
  unsigned N = cast<ArrayType>(Arr->getType())->getNumElements();
  for (unsigned I = 0; I < N; ++I) {
    const Constant *E = Arr->getAggregateElement(I);
    GlobalInfo G;
    G.AddressName = E->getAggregateElement(0u)->getName().str();
    G.Size = cast<ConstantInt>(E->getAggregateElement(1u))->getZExtValue();
    G.Name = cString(E->getAggregateElement(2u));
    G.File = cString(E->getAggregateElement(3u));
    G.Line = intField(E, 4);
    Result.push_back(G);
  }
  return Result;
}

int indexOf(const std::vector<std::string> &Trace, StringRef Word, int From) {
  for (int I = From; I < static_cast<int>(Trace.size()); ++I)
    if (Trace[I] == Word)
      return I;
  return -1;
}

std::string toString(const Module &M) {
  std::string S;
  raw_string_ostream OS(S);
  M.print(OS, nullptr);
  return S;
}

std::string toString(const Function &F) {
  std::string S;
  raw_string_ostream OS(S);
  F.print(OS);
  return S;
}

}  // namespace racelight::test
