// LoopCoalescing.cpp: rule (f), loop coalescing (see LoopCoalescing.h and
// docs/instrumentation.md, "Elisions").
//
// Run: opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight
//        -racelight-stats in.ll -S          (-racelight-coalesce-loops=false: off)
//
// Why this is sound. The runtime records an access of thread T in T's current epoch, which
// changes only when T releases, always in a call into the runtime (an interceptor, or the
// calls around an atomic or a fence; see rule (e) in Elisions.cpp). What a check finds and
// records depends only on the bytes, the kind, T's epoch, and the records of other threads.
// So a check may be made later than its access, as long as it is certainly made before T's
// next synchronization point, with the same bytes and kind: a conflicting access of another
// thread that is recorded before the delayed check is found by it; one recorded after finds
// the delayed record (it cannot be ordered after T's epoch before T releases, and T does not
// release before the check). The loop rule delays the checks of a loop to its exits:
//   - the loop contains no synchronization point (loopHasNoSynchronization), so none lies
//     between an access in it and the exit edge through which control leaves it, where the
//     checks are placed first thing. Every way out of a loop is an exit edge (a block that
//     returns or ends in `unreachable` cannot reach the header, so it is outside the loop;
//     calls, invokes and their exceptions are synchronization points); a loop with no exit
//     edge is left alone.
//   - an access is coalesced only when its address is an affine function of the loop's
//     iterations, {Start,+,Step} in ScalarEvolution (Start invariant in the loop, Step a
//     constant), and its block is in the loop itself (not a subloop) and dominates the
//     latch: it runs exactly once in every iteration that completes. In iteration i it
//     accesses [Start + i*Step, +Size).
//   - accesses of one kind whose Starts differ by constants and that share the Step form a
//     range when their bytes in one iteration are one interval [Lo, Lo+Width) with Width at
//     least |Step|: the iterations 0..n-1 then cover exactly the bytes the accesses touched
//     (no byte more: a range that included bytes no access touched could report races that
//     do not exist), [Start+Lo, Start+Lo+(n-1)*Step+Width) for Step > 0 and the mirror
//     image for Step < 0.
//   - a read whose bytes in every iteration lie inside a write range's bytes of the same
//     iteration needs no range of its own: a write covers a later or earlier read of the
//     same bytes in the same epoch (anything that conflicts with the read conflicts with the
//     write). Reads of bytes no write touches keep their own read range, so no byte that was
//     only read is recorded as written.
//   - the number of iterations that ran is counted by a PHI the rule adds (0 in the first
//     iteration, +1 on the back edge); at an exit from block E in iteration k, k iterations
//     completed. Within one iteration control runs from the header to E without a cycle
//     through the header; a block B of the loop (not of a subloop) that dominates the latch
//     ran in iteration k before E exactly when B dominates E (if B ran before E without
//     dominating it, then every path from E back to the latch would pass B again: a cycle
//     through B inside one iteration, which only a subloop can have). So the range covers
//     k+1 iterations when all its members' blocks dominate E, and otherwise k iterations
//     plus one check of each member (and merged read) whose block dominates E, at its own
//     address of iteration k. Early exits are therefore exact.
//   - the start address is computed by SCEVExpander in the preheader, only where
//     isSafeToExpandAt says so (no division by a value that could be zero, ...).
// What it costs: the reported site of a race on any of the coalesced accesses is that of the
// range's first access (the loop's first access of that kind), not the one that raced; a
// read merged into a write range is reported as that write; the report is made when the
// loop exits, with the stack of that moment (the same function frame); accesses of a loop
// that never exits because the process ends first (exit() in another thread, a crash)
// are never checked. One report is made per range check, as for any range access.
#include "LoopCoalescing.h"

#include "Compat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/ScalarEvolutionExpressions.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <algorithm>

using namespace llvm;

#define DEBUG_TYPE "racelight"

RL_STATISTIC(NumCoalescedLoops, "Loops whose accesses are checked as ranges on exit (f)");
RL_STATISTIC(NumCoalescedAccesses,
             "Accesses not instrumented: covered by a loop's range check (f)");
RL_STATISTIC(NumCoalescedReadsIntoWrites, "Of those, reads covered by a write range (f)");
RL_STATISTIC(NumCoalescedRanges, "Ranges of coalesced accesses, one per loop and kind (f)");

namespace racelight {

bool loopHasNoSynchronization(const Loop &L) {
  for (const BasicBlock *BB : L.blocks())
    for (const Instruction &I : *BB)
      if (isSynchronizationPoint(I))
        return false;
  return true;
}

// Whether every cycle in `L` is a natural loop: after removing the edges whose target
// dominates their source (back edges of L and of its subloops), no cycle is left. An
// irreducible cycle (several entries, not a loop to LoopInfo) could run a block of L twice
// in one iteration, which the iteration count of the exits does not allow for.
bool isReducibleLoop(const Loop &L, const DominatorTree &DT) {
  DenseMap<const BasicBlock *, unsigned> Incoming;
  auto ForwardSuccessors = [&](const BasicBlock *BB, auto Visit) {
    for (const BasicBlock *S : successors(BB))
      if (L.contains(S) && !DT.dominates(S, BB))
        Visit(S);
  };
  for (const BasicBlock *BB : L.blocks())
    ForwardSuccessors(BB, [&](const BasicBlock *S) { ++Incoming[S]; });
  SmallVector<const BasicBlock *, 16> Ready;
  for (const BasicBlock *BB : L.blocks())
    if (!Incoming.lookup(BB))
      Ready.push_back(BB);
  unsigned Sorted = 0;
  while (!Ready.empty()) {
    const BasicBlock *BB = Ready.pop_back_val();
    ++Sorted;
    ForwardSuccessors(BB, [&](const BasicBlock *S) {
      if (--Incoming[S] == 0)
        Ready.push_back(S);
    });
  }
  return Sorted == L.getNumBlocks();
}

LoopCoalescer::LoopCoalescer(Function &F) : F(F), DT(F), LI(DT) {}
LoopCoalescer::~LoopCoalescer() = default;

// Whether A runs before B in every iteration where both run. Both blocks dominate the
// latch, so they lie on one chain of the dominator tree.
bool LoopCoalescer::runsBefore(const Instruction *A, const Instruction *B) const {
  if (A->getParent() == B->getParent())
    return A->comesBefore(B);
  return DT.dominates(A->getParent(), B->getParent());
}

namespace {

// An access the rule may coalesce: address {Start,+,Step} in its own loop.
struct Candidate {
  unsigned Index;
  const SCEV *Start;
  int64_t Step;
  uint64_t Size;
  bool IsWrite;
};

struct Member {
  unsigned Index;
  int64_t Offset;  // from the group's start
  uint64_t Size;
};

// The bytes one iteration of `Members` touches, as one interval [Lo, Hi): false when they
// leave a hole.
bool contiguousBytes(SmallVector<Member, 4> Members, int64_t &Lo, int64_t &Hi) {
  if (Members.empty())
    return false;
  llvm::sort(Members, [](const Member &X, const Member &Y) { return X.Offset < Y.Offset; });
  Lo = Members.front().Offset;
  Hi = Lo;
  for (const Member &M : Members) {
    if (M.Offset > Hi)
      return false;
    Hi = std::max(Hi, M.Offset + int64_t(M.Size));
  }
  return true;
}

bool isVolatileAccess(const Instruction *I) {
  if (const auto *LI = dyn_cast<LoadInst>(I))
    return LI->isVolatile();
  if (const auto *SI = dyn_cast<StoreInst>(I))
    return SI->isVolatile();
  return true;
}

// Bounds that keep all the arithmetic of a range far from overflow.
constexpr int64_t MaxStep = int64_t(1) << 20;
constexpr int64_t MaxOffset = int64_t(1) << 30;

}  // namespace

SmallVector<bool, 32> LoopCoalescer::plan(ArrayRef<PlainAccessInfo> Accesses) {
  SmallVector<bool, 32> Covered(Accesses.size(), false);
  if (LI.empty())
    return Covered;
  // Accesses by their innermost loop, loops in a fixed order (the output must not depend
  // on pointer values).
  DenseMap<const Loop *, SmallVector<unsigned, 8>> ByLoop;
  for (unsigned I = 0; I < Accesses.size(); ++I)
    if (const Loop *L = LI.getLoopFor(Accesses[I].I->getParent()))
      if (Accesses[I].Size != 0 && !isVolatileAccess(Accesses[I].I))
        ByLoop[L].push_back(I);
  if (ByLoop.empty())
    return Covered;
  const DataLayout &DL = F.getParent()->getDataLayout();
  TLII = std::make_unique<TargetLibraryInfoImpl>(Triple(F.getParent()->getTargetTriple()));
  TLI = std::make_unique<TargetLibraryInfo>(*TLII, &F);
  AC = std::make_unique<AssumptionCache>(F);
  SE = std::make_unique<ScalarEvolution>(F, *TLI, *AC, DT, LI);
  Expander = compat::makeSCEVExpander(*SE, DL, "rl.range");
  for (Loop *L : LI.getLoopsInPreorder()) {
    auto It = ByLoop.find(L);
    if (It != ByLoop.end())
      planLoop(*L, It->second, Accesses, Covered);
  }
  return Covered;
}

void LoopCoalescer::planLoop(Loop &L, ArrayRef<unsigned> Indices,
                             ArrayRef<PlainAccessInfo> Accesses,
                             SmallVectorImpl<bool> &Covered) {
  // The one block outside the loop that enters it (a preheader, or a guard that also
  // branches around the loop: -O2 code after SimplifyCFG often has no dedicated preheader).
  BasicBlock *Preheader = L.getLoopPredecessor(), *Latch = L.getLoopLatch();
  if (!Preheader || !Latch || !loopHasNoSynchronization(L) || !isReducibleLoop(L, DT))
    return;
  CoalescedLoop CL;
  CL.Header = L.getHeader();
  CL.Preheader = Preheader;
  CL.Latch = Latch;
  // Exit edges that can be split (or whose target can take code at its start).
  for (BasicBlock *BB : L.blocks()) {
    Instruction *TI = BB->getTerminator();
    for (unsigned S = 0; S < TI->getNumSuccessors(); ++S) {
      BasicBlock *Succ = TI->getSuccessor(S);
      if (L.contains(Succ))
        continue;
      if (!isa<BranchInst, SwitchInst>(TI) || Succ->isEHPad())
        return;
      CL.Exits.push_back({BB, S, {}});
    }
  }
  if (CL.Exits.empty())
    return;  // never exits: its checks would never be made

  Instruction *ExpandAt = Preheader->getTerminator();
  SmallVector<Candidate, 8> Cands;
  for (unsigned Index : Indices) {
    const PlainAccessInfo &A = Accesses[Index];
    if (!DT.dominates(A.I->getParent(), Latch))
      continue;  // not run in every iteration
    const auto *AR = dyn_cast<SCEVAddRecExpr>(SE->getSCEV(const_cast<Value *>(A.Ptr)));
    if (!AR || AR->getLoop() != &L || !AR->isAffine())
      continue;
    const auto *StepC = dyn_cast<SCEVConstant>(AR->getStepRecurrence(*SE));
    if (!StepC || StepC->getAPInt().getSignificantBits() > 32)
      continue;
    int64_t Step = StepC->getAPInt().getSExtValue();
    if (Step == 0 || Step > MaxStep || Step < -MaxStep || A.Size > uint64_t(MaxStep))
      continue;
    const SCEV *Start = AR->getStart();
    // A start that varies in an enclosing loop (a row of a matrix) is expanded with that
    // loop's induction variable, which needs the loop in simplified form.
    bool ExpandableRecurrences = !SCEVExprContains(Start, [](const SCEV *S) {
      const auto *Rec = dyn_cast<SCEVAddRecExpr>(S);
      return Rec && (!Rec->getLoop()->getLoopPredecessor() || !Rec->getLoop()->getLoopLatch());
    });
    if (!ExpandableRecurrences || !SE->isLoopInvariant(Start, &L) ||
        !compat::isSafeToExpandAt(*Expander, *SE, Start, ExpandAt))
      continue;
    Cands.push_back({Index, Start, Step, A.Size, A.IsWrite});
  }
  if (Cands.empty())
    return;

  // Groups: same step, starts a constant apart.
  struct Group {
    const SCEV *Start;
    int64_t Step;
    SmallVector<Member, 4> Writes, Reads;
  };
  SmallVector<Group, 4> Groups;
  for (const Candidate &C : Cands) {
    Group *G = nullptr;
    int64_t Offset = 0;
    for (Group &Other : Groups) {
      if (Other.Step != C.Step || Other.Start->getType() != C.Start->getType())
        continue;
      const auto *D = dyn_cast<SCEVConstant>(SE->getMinusSCEV(C.Start, Other.Start));
      if (!D || D->getAPInt().getSignificantBits() > 32)
        continue;
      Offset = D->getAPInt().getSExtValue();
      if (Offset > MaxOffset || Offset < -MaxOffset)
        continue;
      G = &Other;
      break;
    }
    if (!G) {
      Groups.push_back({C.Start, C.Step, {}, {}});
      G = &Groups.back();
      Offset = 0;
    }
    (C.IsWrite ? G->Writes : G->Reads).push_back({C.Index, Offset, C.Size});
  }

  auto AddRange = [&](const Group &G, bool IsWrite, const SmallVector<Member, 4> &Members,
                      int64_t Lo, int64_t Hi) -> CoalescedRange & {
    CoalescedRange R;
    R.IsWrite = IsWrite;
    R.Start = G.Start;
    R.Lo = Lo;
    R.Width = uint64_t(Hi - Lo);
    R.Step = G.Step;
    R.SiteAccess = Members.front().Index;
    for (const Member &M : Members)
      R.Members.push_back(M.Index);
    for (unsigned Index : R.Members)
      if (runsBefore(Accesses[Index].I, Accesses[R.SiteAccess].I))
        R.SiteAccess = Index;
    CL.Ranges.push_back(std::move(R));
    return CL.Ranges.back();
  };
  uint64_t AbsStep = 0;
  for (const Group &G : Groups) {
    AbsStep = uint64_t(G.Step < 0 ? -G.Step : G.Step);
    int64_t WLo = 0, WHi = 0, RLo = 0, RHi = 0;
    bool WritesCoalesce = contiguousBytes(G.Writes, WLo, WHi) && uint64_t(WHi - WLo) >= AbsStep;
    SmallVector<unsigned, 4> Merged;
    SmallVector<Member, 4> OwnReads;
    for (const Member &M : G.Reads) {
      if (WritesCoalesce && M.Offset >= WLo && M.Offset + int64_t(M.Size) <= WHi)
        Merged.push_back(M.Index);
      else
        OwnReads.push_back(M);
    }
    if (WritesCoalesce) {
      CoalescedRange &R = AddRange(G, /*IsWrite=*/true, G.Writes, WLo, WHi);
      R.MergedReads = Merged;
    }
    if (contiguousBytes(OwnReads, RLo, RHi) && uint64_t(RHi - RLo) >= AbsStep)
      AddRange(G, /*IsWrite=*/false, OwnReads, RLo, RHi);
  }
  if (CL.Ranges.empty())
    return;

  // What each exit owes each range.
  for (LoopExit &E : CL.Exits) {
    for (const CoalescedRange &R : CL.Ranges) {
      RangeAtExit RE;
      auto RanBeforeExit = [&](unsigned Index) {
        return DT.dominates(Accesses[Index].I->getParent(), E.Exiting);
      };
      RE.LastIterationWhole = llvm::all_of(R.Members, RanBeforeExit);
      if (!RE.LastIterationWhole) {
        for (unsigned Index : R.Members)
          if (RanBeforeExit(Index))
            RE.LastIterationChecks.push_back(Index);
        for (unsigned Index : R.MergedReads)
          if (RanBeforeExit(Index))
            RE.LastIterationChecks.push_back(Index);
      }
      E.Ranges.push_back(std::move(RE));
    }
  }
  for (const CoalescedRange &R : CL.Ranges) {
    ++NumCoalescedRanges;
    for (unsigned Index : R.Members)
      Covered[Index] = true;
    for (unsigned Index : R.MergedReads)
      Covered[Index] = true;
    NumCoalescedAccesses += R.Members.size() + R.MergedReads.size();
    NumCoalescedReadsIntoWrites += R.MergedReads.size();
  }
  ++NumCoalescedLoops;
  Loops.push_back(std::move(CL));
}

SmallVector<LoopCoalescer::Rewritten, 4> LoopCoalescer::rewrite() {
  SmallVector<Rewritten, 4> Out(Loops.size());
  Type *I64 = Type::getInt64Ty(F.getContext());
  // 1. The start addresses, in the preheaders, while the analysis still describes the
  //    function (no block split yet).
  for (unsigned L = 0; L < Loops.size(); ++L)
    for (const CoalescedRange &R : Loops[L].Ranges)
      Out[L].Starts.push_back(
          Expander->expandCodeFor(R.Start, R.Start->getType(), Loops[L].Preheader->getTerminator()));
  // 2. The iteration counters: before any edge is split, so every header's predecessors are
  //    still its preheader and its latch.
  for (unsigned L = 0; L < Loops.size(); ++L) {
    CoalescedLoop &CL = Loops[L];
    IRBuilder<> B(CL.Latch->getTerminator());
    IRBuilder<> H(CL.Header, CL.Header->begin());
    PHINode *Counter = H.CreatePHI(I64, 2, "rl.iter");
    B.SetInsertPoint(CL.Latch->getTerminator());
    Value *Next = B.CreateAdd(Counter, ConstantInt::get(I64, 1), "rl.iter.next",
                              /*HasNUW=*/true, /*HasNSW=*/true);
    for (BasicBlock *Pred : predecessors(CL.Header))
      Counter->addIncoming(Pred == CL.Latch ? Next : ConstantInt::get(I64, 0), Pred);
    Out[L].Counter = Counter;
  }
  // 3. The exits. SplitCriticalEdge only adds a block between two others, so the blocks the
  //    later steps name (exiting blocks, successor numbers) stay valid.
  for (unsigned L = 0; L < Loops.size(); ++L) {
    SmallPtrSet<BasicBlock *, 4> SharedTargets;
    for (LoopExit &E : Loops[L].Exits) {
      Instruction *TI = E.Exiting->getTerminator();
      BasicBlock *Target = TI->getSuccessor(E.SuccessorIndex);
      if (Target->getUniquePredecessor() == E.Exiting) {
        // Only reached from here (maybe by several switch cases): its start is on the exit.
        Out[L].ExitPoints.push_back(SharedTargets.insert(Target).second
                                        ? &*Target->getFirstInsertionPt()
                                        : nullptr);
        continue;
      }
      BasicBlock *Split = SplitCriticalEdge(TI, E.SuccessorIndex);
      if (!Split)  // not expected (planLoop checked the terminator and the target)
        Split = SplitEdge(E.Exiting, Target);
      Out[L].ExitPoints.push_back(&*Split->getFirstInsertionPt());
    }
  }
  return Out;
}

}  // namespace racelight
