// Instrumenter.cpp: the instrumentation proper (what docs/instrumentation.md describes
// under "What is instrumented").
//
// Run it through the plugin:
//   clang -fpass-plugin=build/lib/racelight/RacelightPass.so -g -O0 -S -emit-llvm foo.c -o -
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
//
// Each function is handled in two phases: analysis (which instructions need a runtime call,
// which accesses are elided, whether the function calls anything) on the unmodified IR,
// then rewriting. The split matters: the elision rules look at the uses of stack slots, and
// the calls the pass inserts are uses too.
#include "Instrumenter.h"

#include "Compat.h"
#include "Elisions.h"
#include "LoopCoalescing.h"
#include "RuntimeFunctions.h"
#include "SiteTable.h"
#include "racelight/interface.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/EscapeEnumerator.h"

#include <memory>

using namespace llvm;

#define DEBUG_TYPE "racelight"

RL_STATISTIC(NumInstrumentedFunctions, "Functions instrumented");
RL_STATISTIC(NumInstrumentedReads, "Plain reads instrumented (__rl_readN/__rl_read_range)");
RL_STATISTIC(NumInstrumentedWrites, "Plain writes instrumented (__rl_writeN/__rl_write_range)");
RL_STATISTIC(NumRangeAccesses, "Plain accesses of odd size (range calls)");
RL_STATISTIC(NumInstrumentedAtomics, "Atomic instructions bracketed");
RL_STATISTIC(NumInstrumentedFences, "Thread fences instrumented");
RL_STATISTIC(NumSkippedSignalFences, "Signal fences (singlethread) left alone");
RL_STATISTIC(NumInstrumentedMemOps, "memcpy/memmove/memset/bzero calls and intrinsics instrumented");
RL_STATISTIC(NumFunctionsWithEntryExit, "Functions given __rl_func_entry/__rl_func_exit");
RL_STATISTIC(NumCallSiteStores, "Call-site stores into the frame slot");
RL_STATISTIC(NumCoalescedRangeChecks,
             "Range checks emitted for coalesced loop accesses, one per range and exit (f)");
RL_STATISTIC(NumCoalescedLastIterationChecks,
             "Checks of accesses of a last, partial iteration on an early exit (f)");
RL_STATISTIC(NumSkippedOtherAddrSpace, "Accesses skipped: pointer not in address space 0");
RL_STATISTIC(NumSkippedNoSanitize, "Instructions skipped: !nosanitize metadata");

namespace racelight {

bool shouldInstrumentFunction(const Function &F) {
  if (F.isDeclaration() || F.hasAvailableExternallyLinkage())
    return false;
  if (F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
    return false;
  // A naked function has no prologue or epilogue to put entry/exit calls in.
  if (F.hasFnAttribute(Attribute::Naked))
    return false;
  return !compat::startsWith(F.getName(), "__rl_");
}

bool moduleUsesThreadFences(const Module &M) {
  for (const Function &F : M)
    for (const Instruction &I : instructions(F))
      if (const auto *FI = dyn_cast<FenceInst>(&I))
        if (FI->getSyncScopeID() != SyncScope::SingleThread)
          return true;
  return false;
}

namespace {

// The C11 order (racelight/interface.h) of an LLVM ordering. `unordered` is weaker than
// relaxed and only exists for Java-like languages; it is reported as relaxed.
uint32_t toRLOrder(AtomicOrdering O) {
  switch (O) {
  case AtomicOrdering::NotAtomic:
  case AtomicOrdering::Unordered:
  case AtomicOrdering::Monotonic:
    return RL_RELAXED;
  case AtomicOrdering::Acquire:
    return RL_ACQUIRE;
  case AtomicOrdering::Release:
    return RL_RELEASE;
  case AtomicOrdering::AcquireRelease:
    return RL_ACQ_REL;
  case AtomicOrdering::SequentiallyConsistent:
    return RL_SEQ_CST;
  }
  return RL_SEQ_CST;
}

// libc's memcpy/memmove/memset/bzero, when the call survived as a call (e.g. with
// -fno-builtin). Only declarations: a definition in this module is instrumented itself.
enum class LibcMem { None, Memcpy, Memmove, Memset, Bzero };

LibcMem classifyLibcMemCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || Callee->isIntrinsic())
    return LibcMem::None;
  StringRef Name = Callee->getName();
  LibcMem Kind = StringSwitch<LibcMem>(Name)
                     .Case("memcpy", LibcMem::Memcpy)
                     .Case("memmove", LibcMem::Memmove)
                     .Case("memset", LibcMem::Memset)
                     .Case("bzero", LibcMem::Bzero)
                     .Default(LibcMem::None);
  if (Kind == LibcMem::None)
    return Kind;
  // Check the shape of the call: (ptr, ptr|int, size) or (ptr, size) for bzero.
  unsigned Args = Kind == LibcMem::Bzero ? 2 : 3;
  if (CB.arg_size() != Args || !CB.getArgOperand(0)->getType()->isPointerTy() ||
      !CB.getArgOperand(Args - 1)->getType()->isIntegerTy())
    return LibcMem::None;
  if ((Kind == LibcMem::Memcpy || Kind == LibcMem::Memmove) &&
      !CB.getArgOperand(1)->getType()->isPointerTy())
    return LibcMem::None;
  return Kind;
}

class FunctionInstrumenter {
public:
  FunctionInstrumenter(Function &F, const RacelightOptions &Opts, SiteTable &Sites,
                       RuntimeFunctions &RT, AccessElider &Elider)
      : F(F), DL(F.getParent()->getDataLayout()), Opts(Opts), Sites(Sites), RT(RT), Elider(Elider) {}

  bool run();

private:
  struct PlainAccess {
    Instruction *I;
    Value *Ptr;
    Type *Ty;
    bool IsWrite;
  };
  struct MemOp {
    CallBase *CB;
    Value *Dst;  // null when the destination needs no instrumentation
    Value *Src;  // null for memset/bzero and when the source needs none
    Value *Len;
  };

  void analyze();
  void dropRedundantChecks();
  void coalesceLoopAccesses();
  void instrumentCoalescedLoops();
  void analyzeCall(CallBase &CB, bool NoSanitize);
  bool isInstrumentableAddress(const Value *Ptr);
  bool needsCheck(Value *Ptr, Instruction *I, bool IsReadOnlyAccess) {
    if (!isInstrumentableAddress(Ptr))
      return false;
    ElisionRule Rule = Elider.elisionRule(Ptr, I, IsReadOnlyAccess);
    if (Rule == ElisionRule::None)
      return true;
    noteRemoved(I, Rule);
    return false;
  }

  // -racelight-count-checks: a check removed by `Rule` at `I`, counted where I runs.
  void noteRemoved(Instruction *I, ElisionRule Rule) {
    if (Opts.CountChecks)
      Removed.push_back({I, Rule});
  }
  // Adds 1 to this thread's counter `Kind` (RL_COUNT_*) where `B` inserts.
  void emitCount(IRBuilder<> &B, unsigned Kind);
  void emitRemovedCounts();

  void instrumentPlain(const PlainAccess &A);
  // The check of `A` by `B` (where B inserts), reported at `A.I`'s site.
  void emitCheck(IRBuilder<> &B, const PlainAccess &A);
  void instrumentAtomic(Instruction *I);
  void instrumentFence(FenceInst *FI);
  void instrumentMemOp(const MemOp &Op);
  void insertEntry();
  void insertCallSiteStores();
  void insertExits();

  // Places `B` just after `I`, with I's debug location (IRBuilder<> B(I) is "before").
  static void setAfter(IRBuilder<> &B, Instruction *I) {
    B.SetInsertPoint(I->getParent(), std::next(I->getIterator()));
    B.SetCurrentDebugLocation(I->getDebugLoc());
  }
  Constant *siteOf(const Instruction *I) { return Sites.siteFor(F, locationOf(I)); }

  // An access whose location is line 0 (code moved by an optimization, e.g. a load hoisted
  // out of a loop by LICM) takes the location of another access to the same pointer in the
  // function, so both name the same source line (and deduplicate to one report). The scan
  // is bounded: a global can have thousands of users across the module.
  DebugLoc locationOf(const Instruction *I) {
    DebugLoc DL = I->getDebugLoc();
    if (DL && DL.getLine() != 0)
      return DL;
    const Value *Ptr = getLoadStorePointerOperand(I);
    if (!Ptr)
      return DL;
    unsigned Budget = 64;
    for (const User *U : Ptr->users()) {
      if (Budget-- == 0)
        break;
      const auto *Other = dyn_cast<Instruction>(U);
      if (!Other || Other == I || Other->getFunction() != I->getFunction() ||
          getLoadStorePointerOperand(Other) != Ptr)
        continue;
      DebugLoc OtherDL = Other->getDebugLoc();
      if (OtherDL && OtherDL.getLine() != 0)
        return OtherDL;
    }
    return DL;
  }
  ConstantInt *i32(uint64_t V) { return ConstantInt::get(RT.i32Ty(), V); }

  Function &F;
  const DataLayout &DL;
  const RacelightOptions &Opts;
  SiteTable &Sites;
  RuntimeFunctions &RT;
  AccessElider &Elider;

  SmallVector<PlainAccess, 32> Plain;
  // Rule (f): the plan, and the accesses it was made for (its indices refer to these).
  std::unique_ptr<LoopCoalescer> Coalescer;
  SmallVector<PlainAccess, 32> PlannedAccesses;
  SmallVector<Instruction *, 8> Atomics;
  SmallVector<FenceInst *, 4> Fences;
  SmallVector<MemOp, 8> MemOps;
  SmallVector<CallBase *, 16> SiteCalls;  // calls that get a call-site store, in order
  // -racelight-count-checks: each access left unchecked, and the rule that removed it.
  SmallVector<std::pair<Instruction *, ElisionRule>, 16> Removed;
  bool MakesCalls = false;
  Value *Slot = nullptr;
};

bool FunctionInstrumenter::isInstrumentableAddress(const Value *Ptr) {
  // Other address spaces (GPU memories, x86 segment-relative fs/gs accesses) are not the
  // memory the runtime shadows; swifterror slots cannot be passed to a call.
  if (Ptr->getType()->getPointerAddressSpace() != 0) {
    ++NumSkippedOtherAddrSpace;
    return false;
  }
  return !Ptr->isSwiftError();
}

void FunctionInstrumenter::analyze() {
  for (BasicBlock &BB : F) {
    for (Instruction &I : BB) {
      bool NoSanitize = I.hasMetadata(compat::noSanitizeKind(F.getContext()));
      if (auto *CB = dyn_cast<CallBase>(&I)) {
        analyzeCall(*CB, NoSanitize);
        continue;
      }
      if (!isa<LoadInst, StoreInst, AtomicRMWInst, AtomicCmpXchgInst, FenceInst>(I))
        continue;
      if (NoSanitize) {
        ++NumSkippedNoSanitize;
        continue;
      }
      if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (LI->isAtomic()) {
          if (Opts.InstrumentAtomics && needsCheck(LI->getPointerOperand(), LI, true))
            Atomics.push_back(LI);
        } else if (needsCheck(LI->getPointerOperand(), LI, true)) {
          Plain.push_back({LI, LI->getPointerOperand(), LI->getType(), false});
        }
      } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (SI->isAtomic()) {
          if (Opts.InstrumentAtomics && needsCheck(SI->getPointerOperand(), SI, false))
            Atomics.push_back(SI);
        } else if (needsCheck(SI->getPointerOperand(), SI, false)) {
          Plain.push_back({SI, SI->getPointerOperand(), SI->getValueOperand()->getType(), true});
        }
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        if (Opts.InstrumentAtomics && needsCheck(RMW->getPointerOperand(), RMW, false))
          Atomics.push_back(RMW);
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (Opts.InstrumentAtomics && needsCheck(CX->getPointerOperand(), CX, false))
          Atomics.push_back(CX);
      } else if (auto *FI = dyn_cast<FenceInst>(&I)) {
        if (!Opts.InstrumentAtomics)
          continue;
        if (FI->getSyncScopeID() == SyncScope::SingleThread)
          ++NumSkippedSignalFences;  // orders nothing between threads
        else
          Fences.push_back(FI);
      }
    }
  }
}

// Rule (e): accesses whose bytes an earlier access already checked in the same epoch, then
// rule (h): reads whose bytes a later write of the same block checks in the same epoch.
// Applied to the accesses that survived (a)-(c) and (g), which are exactly the checks that
// would be made.
void FunctionInstrumenter::dropRedundantChecks() {
  if (Plain.size() < 2)
    return;
  SmallVector<PlainAccessInfo, 32> Infos;
  for (const PlainAccess &A : Plain) {
    TypeSize Size = DL.getTypeStoreSize(A.Ty);
    Infos.push_back({A.I, A.Ptr, Size.isScalable() ? 0 : Size.getFixedValue(), A.IsWrite});
  }
  SmallVector<bool, 32> Redundant = Elider.redundantAccesses(F, Infos);
  unsigned Kept = 0;
  for (unsigned I = 0; I < Plain.size(); ++I) {
    if (!Redundant[I]) {
      Infos[Kept] = Infos[I];
      Plain[Kept++] = Plain[I];
    } else {
      noteRemoved(Plain[I].I, ElisionRule::Redundant);
    }
  }
  Plain.truncate(Kept);
  Infos.truncate(Kept);
  // Rule (h), on the checks (e) left: a read is dropped only for a write that is still
  // going to be checked, or whose bytes its own covering access checks (Elisions.cpp).
  SmallVector<bool, 32> Covered = Elider.readsCoveredByLaterWrites(F, Infos);
  Kept = 0;
  for (unsigned I = 0; I < Plain.size(); ++I) {
    if (!Covered[I])
      Plain[Kept++] = Plain[I];
    else
      noteRemoved(Plain[I].I, ElisionRule::ReadBeforeWrite);
  }
  Plain.truncate(Kept);
}

// Rule (f): the accesses of sync-free loops that walk memory become range checks on the
// loops' exits. Applied to the checks that survived (a)-(e).
void FunctionInstrumenter::coalesceLoopAccesses() {
  if (!Opts.CoalesceLoopAccesses || Plain.empty())
    return;
  SmallVector<PlainAccessInfo, 32> Infos;
  for (const PlainAccess &A : Plain) {
    TypeSize Size = DL.getTypeStoreSize(A.Ty);
    Infos.push_back({A.I, A.Ptr, Size.isScalable() ? 0 : Size.getFixedValue(), A.IsWrite});
  }
  auto C = std::make_unique<LoopCoalescer>(F);
  SmallVector<bool, 32> Covered = C->plan(Infos);
  if (C->loops().empty())
    return;
  Coalescer = std::move(C);
  PlannedAccesses = Plain;
  unsigned Kept = 0;
  for (unsigned I = 0; I < Plain.size(); ++I) {
    if (!Covered[I])
      Plain[Kept++] = Plain[I];
    else
      noteRemoved(Plain[I].I, ElisionRule::LoopCoalesced);
  }
  Plain.truncate(Kept);
}

void FunctionInstrumenter::instrumentCoalescedLoops() {
  if (!Coalescer)
    return;
  ArrayRef<CoalescedLoop> Loops = Coalescer->loops();
  SmallVector<LoopCoalescer::Rewritten, 4> Rewritten = Coalescer->rewrite();
  Type *I64 = RT.i64Ty();
  auto C64 = [&](uint64_t V) { return ConstantInt::get(I64, V); };
  for (unsigned L = 0; L < Loops.size(); ++L) {
    const CoalescedLoop &CL = Loops[L];
    const LoopCoalescer::Rewritten &RW = Rewritten[L];
    // The start of each range as an integer, computed once in the preheader.
    SmallVector<Value *, 4> Starts;
    IRBuilder<> P(CL.Preheader->getTerminator());
    for (unsigned R = 0; R < CL.Ranges.size(); ++R) {
      Value *Start = P.CreatePtrToInt(RW.Starts[R], I64, "rl.range.start");
      if (CL.Ranges[R].Lo != 0)
        Start = P.CreateAdd(Start, C64(uint64_t(CL.Ranges[R].Lo)));
      Starts.push_back(Start);
    }
    for (unsigned E = 0; E < CL.Exits.size(); ++E) {
      Instruction *At = RW.ExitPoints[E];
      if (!At)
        continue;  // an exit block shared with an earlier exit of the same block
      IRBuilder<> B(At);
      Value *Completed = RW.Counter;  // iterations completed when this exit is taken
      for (unsigned R = 0; R < CL.Ranges.size(); ++R) {
        const CoalescedRange &Range = CL.Ranges[R];
        const RangeAtExit &RE = CL.Exits[E].Ranges[R];
        const PlainAccess &SiteAccess = PlannedAccesses[Range.SiteAccess];
        B.SetCurrentDebugLocation(SiteAccess.I->getDebugLoc());
        uint64_t AbsStep = uint64_t(Range.Step < 0 ? -Range.Step : Range.Step);
        // n iterations cover (n-1)*|Step| + Width bytes; n = Completed (+1 when the last
        // iteration ran all the members). Width >= |Step|, so no term is negative.
        Value *Len, *Addr = Starts[R];
        Value *Scaled = B.CreateMul(Completed, C64(AbsStep), "", /*HasNUW=*/true);
        if (RE.LastIterationWhole) {
          Len = B.CreateAdd(Scaled, C64(Range.Width), "rl.range.len");
          if (Range.Step < 0)
            Addr = B.CreateSub(Addr, Scaled);
        } else {
          Value *Some = B.CreateAdd(Scaled, C64(Range.Width - AbsStep));
          Len = B.CreateSelect(B.CreateICmpEQ(Completed, C64(0)), C64(0), Some, "rl.range.len");
          if (Range.Step < 0)
            Addr = B.CreateSub(B.CreateAdd(Addr, C64(AbsStep)), Scaled);
        }
        Value *Ptr = B.CreateIntToPtr(Addr, RT.ptrTy());
        compat::createCall(B, RT.range(Range.IsWrite), {Ptr, Len, siteOf(SiteAccess.I)});
        ++NumCoalescedRangeChecks;
        if (Opts.CountChecks)
          emitCount(B, RL_COUNT_EXECUTED_LOOP_RANGE_CHECKS);
        for (unsigned Index : RE.LastIterationChecks) {
          const PlainAccess &A = PlannedAccesses[Index];
          B.SetCurrentDebugLocation(A.I->getDebugLoc());
          emitCheck(B, A);
          ++NumCoalescedLastIterationChecks;
          if (Opts.CountChecks)
            emitCount(B, RL_COUNT_EXECUTED_LOOP_LAST_ITERATION_CHECKS);
        }
      }
    }
  }
}

void FunctionInstrumenter::analyzeCall(CallBase &CB, bool NoSanitize) {
  if (auto *II = dyn_cast<IntrinsicInst>(&CB)) {
    // Intrinsics get no call-site store. Most cannot call back into the program
    // (`nocallback`); the few that can (statepoints, ...) keep the frame, to be safe.
    if (!compat::intrinsicHasNoCallback(*II) && !isa<DbgInfoIntrinsic>(II) &&
        !II->isAssumeLikeIntrinsic())
      MakesCalls = true;
  } else {
    MakesCalls = true;
  }

  if (NoSanitize) {
    ++NumSkippedNoSanitize;
    return;
  }

  if (Opts.InstrumentMemIntrinsics) {
    MemOp Op{&CB, nullptr, nullptr, nullptr};
    bool IsTransfer = false;
    if (auto *MT = dyn_cast<MemTransferInst>(&CB)) {
      Op.Dst = MT->getRawDest();
      Op.Src = MT->getRawSource();
      Op.Len = MT->getLength();
      IsTransfer = true;
    } else if (auto *MS = dyn_cast<MemSetInst>(&CB)) {
      Op.Dst = MS->getRawDest();
      Op.Len = MS->getLength();
    } else {
      switch (classifyLibcMemCall(CB)) {
      case LibcMem::Memcpy:
      case LibcMem::Memmove:
        Op.Dst = CB.getArgOperand(0);
        Op.Src = CB.getArgOperand(1);
        Op.Len = CB.getArgOperand(2);
        IsTransfer = true;
        break;
      case LibcMem::Memset:
        Op.Dst = CB.getArgOperand(0);
        Op.Len = CB.getArgOperand(2);
        break;
      case LibcMem::Bzero:
        Op.Dst = CB.getArgOperand(0);
        Op.Len = CB.getArgOperand(1);
        break;
      case LibcMem::None:
        break;
      }
    }
    auto *ConstLen = dyn_cast_or_null<ConstantInt>(Op.Len);
    if (Op.Len && !(ConstLen && ConstLen->isZero())) {
      if (!needsCheck(Op.Dst, &CB, /*IsReadOnlyAccess=*/false))
        Op.Dst = nullptr;
      if (IsTransfer && !needsCheck(Op.Src, &CB, /*IsReadOnlyAccess=*/true))
        Op.Src = nullptr;
      if (Op.Dst || Op.Src)
        MemOps.push_back(Op);
    }
  }

  // The call-site store: every call that may reach code which reads the frame slot.
  if (isa<IntrinsicInst>(CB) || CB.isInlineAsm())
    return;
  // After a musttail call the frame is already gone (func_exit precedes it).
  if (auto *CI = dyn_cast<CallInst>(&CB); CI && CI->isMustTailCall())
    return;
  if (const Function *Callee = CB.getCalledFunction();
      Callee && compat::startsWith(Callee->getName(), "__rl_"))
    return;
  SiteCalls.push_back(&CB);
}

void FunctionInstrumenter::instrumentPlain(const PlainAccess &A) {
  IRBuilder<> B(A.I);
  if (A.IsWrite)
    ++NumInstrumentedWrites;
  else
    ++NumInstrumentedReads;
  emitCheck(B, A);
  if (Opts.CountChecks)
    emitCount(B, RL_COUNT_EXECUTED_ACCESS_CHECKS);
}

void FunctionInstrumenter::emitCount(IRBuilder<> &B, unsigned Kind) {
  // A plain load, add and store of the thread's own counter: no other thread writes it, and
  // the runtime reads it only when the thread has finished or the process exits.
  GlobalVariable *Counts = RT.checkCounts();
  Value *Counter = B.CreateConstInBoundsGEP2_64(Counts->getValueType(), Counts, 0, Kind);
  LoadInst *Old = B.CreateLoad(RT.i64Ty(), Counter, "rl.count");
  StoreInst *New = B.CreateStore(B.CreateAdd(Old, ConstantInt::get(RT.i64Ty(), 1)), Counter);
  MDNode *NoSanitize = MDNode::get(F.getContext(), {});
  Old->setMetadata(compat::noSanitizeKind(F.getContext()), NoSanitize);
  New->setMetadata(compat::noSanitizeKind(F.getContext()), NoSanitize);
}

void FunctionInstrumenter::emitRemovedCounts() {
  for (auto [I, Rule] : Removed) {
    unsigned Kind = 0;
    switch (Rule) {
    case ElisionRule::NonEscapingAlloca: Kind = RL_COUNT_REMOVED_NONESCAPING_ALLOCA; break;
    case ElisionRule::ReadOnly: Kind = RL_COUNT_REMOVED_READ_ONLY; break;
    case ElisionRule::OwnGlobal: Kind = RL_COUNT_REMOVED_OWN_GLOBAL; break;
    case ElisionRule::Redundant: Kind = RL_COUNT_REMOVED_REDUNDANT; break;
    case ElisionRule::LoopCoalesced: Kind = RL_COUNT_REMOVED_LOOP_COALESCED; break;
    case ElisionRule::ThreadLocalHeap: Kind = RL_COUNT_REMOVED_THREAD_LOCAL_HEAP; break;
    case ElisionRule::ReadBeforeWrite: Kind = RL_COUNT_REMOVED_READ_BEFORE_WRITE; break;
    case ElisionRule::LeafFunction:  // counted at the function's entry
    case ElisionRule::None:
      continue;
    }
    IRBuilder<> B(I);
    emitCount(B, Kind);
  }
}

void FunctionInstrumenter::emitCheck(IRBuilder<> &B, const PlainAccess &A) {
  Constant *Site = siteOf(A.I);
  TypeSize Size = DL.getTypeStoreSize(A.Ty);
  if (!Size.isScalable()) {
    if (std::optional<unsigned> Index = RuntimeFunctions::sizeIndex(Size.getFixedValue())) {
      compat::createCall(B, RT.access(A.IsWrite, *Index), {A.Ptr, Site});
      return;
    }
  }
  ++NumRangeAccesses;
  Value *Bytes = Size.isScalable() ? compat::createTypeSize(B, RT.i64Ty(), Size)
                                   : ConstantInt::get(RT.i64Ty(), Size.getFixedValue());
  compat::createCall(B, RT.range(A.IsWrite), {A.Ptr, Bytes, Site});
}

void FunctionInstrumenter::instrumentAtomic(Instruction *I) {
  ++NumInstrumentedAtomics;
  Constant *Site = siteOf(I);
  auto desc = [&](uint32_t Op, AtomicOrdering Order, AtomicOrdering Failure) {
    return i32(RL_ATOMIC_DESC(Op, toRLOrder(Order), toRLOrder(Failure)));
  };
  Value *Ptr;
  Type *Ty;
  Constant *Desc;
  if (auto *LI = dyn_cast<LoadInst>(I)) {
    Ptr = LI->getPointerOperand();
    Ty = LI->getType();
    Desc = desc(RL_OP_LOAD, LI->getOrdering(), AtomicOrdering::Monotonic);
  } else if (auto *SI = dyn_cast<StoreInst>(I)) {
    Ptr = SI->getPointerOperand();
    Ty = SI->getValueOperand()->getType();
    Desc = desc(RL_OP_STORE, SI->getOrdering(), AtomicOrdering::Monotonic);
  } else if (auto *RMW = dyn_cast<AtomicRMWInst>(I)) {
    Ptr = RMW->getPointerOperand();
    Ty = RMW->getValOperand()->getType();
    Desc = desc(RL_OP_RMW, RMW->getOrdering(), AtomicOrdering::Monotonic);
  } else {
    auto *CX = cast<AtomicCmpXchgInst>(I);
    Ptr = CX->getPointerOperand();
    Ty = CX->getNewValOperand()->getType();
    Desc = desc(RL_OP_CMPXCHG, CX->getSuccessOrdering(), CX->getFailureOrdering());
  }
  // The runtime holds the object's lock from begin to end: the instruction must sit
  // alone between the two calls.
  IRBuilder<> B(I);
  if (Opts.CountChecks)
    emitCount(B, RL_COUNT_EXECUTED_ATOMICS);
  compat::createCall(B, RT.atomicBegin(),
               {Ptr, i32(DL.getTypeStoreSize(Ty).getKnownMinValue()), Desc, Site});
  setAfter(B, I);
  Value *EndDesc = Desc;
  if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I)) {
    // What happened: an exchange is an RMW at the success order, a failure a load at the
    // failure order.
    Value *Succeeded = B.CreateExtractValue(CX, 1);
    EndDesc = B.CreateSelect(
        Succeeded, desc(RL_OP_RMW, CX->getSuccessOrdering(), AtomicOrdering::Monotonic),
        desc(RL_OP_LOAD, CX->getFailureOrdering(), AtomicOrdering::Monotonic));
  }
  B.CreateCall(RT.atomicEnd(), {EndDesc});
}

void FunctionInstrumenter::instrumentFence(FenceInst *FI) {
  ++NumInstrumentedFences;
  IRBuilder<> B(FI);
  B.CreateCall(RT.atomicFence(), {i32(toRLOrder(FI->getOrdering()))});
}

void FunctionInstrumenter::instrumentMemOp(const MemOp &Op) {
  ++NumInstrumentedMemOps;
  IRBuilder<> B(Op.CB);
  Constant *Site = siteOf(Op.CB);
  Value *Len = B.CreateZExtOrTrunc(Op.Len, RT.i64Ty());
  if (Op.Src)
    compat::createCall(B, RT.range(/*IsWrite=*/false), {Op.Src, Len, Site});
  if (Op.Dst)
    compat::createCall(B, RT.range(/*IsWrite=*/true), {Op.Dst, Len, Site});
  if (Opts.CountChecks)
    for (Value *Side : {Op.Src, Op.Dst})
      if (Side)
        emitCount(B, RL_COUNT_EXECUTED_MEMORY_OP_CHECKS);
}

void FunctionInstrumenter::insertEntry() {
  BasicBlock &Entry = F.getEntryBlock();
  // After the static allocas, before anything else (including the access calls already
  // inserted), so every runtime call of this function sees its frame.
  IRBuilder<> B(&Entry, compat::firstNonPHIOrDbgOrAlloca(Entry));
  if (DISubprogram *SP = F.getSubprogram())
    B.SetCurrentDebugLocation(DILocation::get(F.getContext(), SP->getLine(), 0, SP));
  Slot = compat::createCall(B, RT.funcEntry(), {Sites.functionSite(F)}, "rl.slot");
  if (Opts.CountChecks)
    emitCount(B, RL_COUNT_EXECUTED_FUNCTION_ENTRIES);
}

void FunctionInstrumenter::insertCallSiteStores() {
  // The slot belongs to this frame and only this function writes it, so within a block a
  // call with the same site as the previous call needs no new store (e.g. `f(g(x))` on one
  // line without column info). A returns_twice call (setjmp) may be returned to after other
  // stores were made, so it ends such a run.
  MDNode *NoSanitize = MDNode::get(F.getContext(), {});
  const BasicBlock *LastBB = nullptr;
  Constant *LastSite = nullptr;
  for (CallBase *CB : SiteCalls) {
    Constant *Site = siteOf(CB);
    if (CB->getParent() != LastBB) {
      LastBB = CB->getParent();
      LastSite = nullptr;
    }
    if (Site != LastSite) {
      IRBuilder<> B(CB);
      StoreInst *S = compat::storePointer(B, Site, Slot, RT.ptrTy());
      S->setMetadata(compat::noSanitizeKind(F.getContext()), NoSanitize);
      ++NumCallSiteStores;
    }
    LastSite = CB->hasFnAttr(Attribute::ReturnsTwice) ? nullptr : Site;
  }
}

void FunctionInstrumenter::insertExits() {
  // EscapeEnumerator yields a builder before every `ret` (before the musttail call when
  // there is one) and every `resume`, and, unless the function is nounwind, turns each call
  // that may throw into an invoke unwinding to a new cleanup block that exits and resumes,
  // so a C++ exception propagating through this frame pops it too. Funclet-based (Windows)
  // EH is not supported by EscapeEnumerator: there only normal returns are handled.
  bool HandleExceptions = true;
  EHPersonality Pers = F.hasPersonalityFn()
                           ? classifyEHPersonality(F.getPersonalityFn())
                           : getDefaultEHPersonality(Triple(F.getParent()->getTargetTriple()));
  if (isScopedEHPersonality(Pers))
    HandleExceptions = false;
  EscapeEnumerator EE(F, "rl_cleanup", HandleExceptions);
  while (IRBuilder<> *B = EE.Next())
    B->CreateCall(RT.funcExit(), {});
}

bool FunctionInstrumenter::run() {
  analyze();
  dropRedundantChecks();
  coalesceLoopAccesses();
  bool HasInstrumentation = !Plain.empty() || !Atomics.empty() || !Fences.empty() ||
                            !MemOps.empty() || Coalescer;
  bool LeafElided = Opts.InstrumentFuncEntryExit &&
                    Elider.canElideEntryExit(HasInstrumentation, MakesCalls);
  bool EntryExit = Opts.InstrumentFuncEntryExit && !LeafElided;
  bool Counts = Opts.CountChecks && (LeafElided || !Removed.empty());
  if (!HasInstrumentation && !EntryExit && !Counts)
    return false;

  if (HasInstrumentation || EntryExit)
    ++NumInstrumentedFunctions;
  for (const PlainAccess &A : Plain)
    instrumentPlain(A);
  for (Instruction *I : Atomics)
    instrumentAtomic(I);
  for (FenceInst *FI : Fences)
    instrumentFence(FI);
  for (const MemOp &Op : MemOps)
    instrumentMemOp(Op);
  instrumentCoalescedLoops();  // before insertExits, which may replace the exit points
  if (Opts.CountChecks) {
    emitRemovedCounts();
    if (LeafElided) {
      BasicBlock &Entry = F.getEntryBlock();
      IRBuilder<> B(&Entry, compat::firstNonPHIOrDbgOrAlloca(Entry));
      if (DISubprogram *SP = F.getSubprogram())
        B.SetCurrentDebugLocation(DILocation::get(F.getContext(), SP->getLine(), 0, SP));
      emitCount(B, RL_COUNT_REMOVED_LEAF_FUNCTION);
    }
  }
  if (EntryExit) {
    ++NumFunctionsWithEntryExit;
    insertEntry();
    insertCallSiteStores();
    insertExits();  // last: it replaces calls by invokes
  }
  return true;
}

}  // namespace

bool instrumentFunction(Function &F, const RacelightOptions &Opts, SiteTable &Sites,
                        RuntimeFunctions &RT, AccessElider &Elider) {
  return FunctionInstrumenter(F, Opts, Sites, RT, Elider).run();
}

}  // namespace racelight
