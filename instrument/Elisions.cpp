// Elisions.cpp: rules that prove an access cannot race (see Elisions.h and
// docs/instrumentation.md, "Elisions").
//
// Part of the Racelight pass. Each rule has a switch to turn it off, e.g.
//   clang -fplugin=$P -fpass-plugin=$P -mllvm -racelight-elide-nonescaping-allocas=false
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight -racelight-elide-readonly-loads=false
// and a statistic (clang ... -save-stats=obj, or -racelight-stats; see docs/instrumentation.md).
#include "Elisions.h"

#include "Compat.h"
#include "SiteTable.h"

#include "llvm/ADT/APInt.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <optional>

using namespace llvm;

#define DEBUG_TYPE "racelight"

RL_STATISTIC(NumElidedNonEscapingAlloca,
             "Accesses not instrumented: stack slot that does not escape (a)");
RL_STATISTIC(NumElidedReadOnly, "Loads not instrumented: read-only memory (b)");
RL_STATISTIC(NumElidedOwnGlobal, "Accesses not instrumented: Racelight's own tables (c)");
RL_STATISTIC(NumElidedLeafFunctions,
             "Functions without func_entry/func_exit: leaf without accesses (d)");
RL_STATISTIC(NumElidedRedundant,
             "Accesses not instrumented: same bytes already checked in this epoch (e)");
RL_STATISTIC(NumElidedRedundantAcrossBlocks,
             "Of those, covered by an access in another (dominating) block (e)");
RL_STATISTIC(NumElidedReadBeforeWrite,
             "Reads not instrumented: a later write in the block covers them (h)");
RL_STATISTIC(NumElidedThreadLocalHeap,
             "Accesses not instrumented: heap block that does not escape (g)");

namespace racelight {

namespace {

// Whether the address `Root` (and every pointer computed from it: GEPs, casts, PHIs,
// selects) is handed to no call at all, except lifetime/debug markers, memory intrinsics
// (which copy the bytes, not the address), droppable uses, and the calls `IsAllowedCall`
// accepts.
template <typename AllowedCall>
bool onlyPassedToHarmlessCalls(const Value *Root, AllowedCall IsAllowedCall) {
  SmallVector<const Value *, 8> Worklist{Root};
  SmallPtrSet<const Value *, 8> Visited{Root};
  while (!Worklist.empty()) {
    const Value *V = Worklist.pop_back_val();
    for (const Use &U : V->uses()) {
      const User *Usr = U.getUser();
      if (isa<GetElementPtrInst, BitCastInst, AddrSpaceCastInst, PHINode, SelectInst>(Usr)) {
        if (Visited.insert(Usr).second)
          Worklist.push_back(Usr);
        continue;
      }
      const auto *CB = dyn_cast<CallBase>(Usr);
      if (!CB)
        continue;  // loads, stores *to* the memory, compares: the address stays here
      if (const auto *II = dyn_cast<IntrinsicInst>(CB))
        if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II) || isa<MemIntrinsic>(II) ||
            II->isDroppable())
          continue;
      if (IsAllowedCall(U))
        continue;
      return false;  // handed to a callee (argument, operand bundle, or even called)
    }
  }
  return true;
}

}  // namespace

// (a) Why this is sound: a data race needs two threads to access the same memory. A stack
// slot is reachable from another thread only through its address, and the address leaves
// the function only by being captured (stored to memory, returned, turned into an integer,
// passed to a parameter that may keep it) or by being passed to a call: even a `nocapture`
// parameter may hand the address to a helper thread for the duration of the call (a
// fork/join loop), so any call argument use other than lifetime/debug markers and memory
// intrinsics (which only copy the bytes) counts as an escape. Each activation has its own
// slot, so recursion and re-entrancy do not share it either. PointerMayBeCaptured
// answers "captured" when it gives up (too many uses), which keeps the rule conservative.
bool isNonEscapingAlloca(const AllocaInst &AI) {
  if (compat::pointerMayBeCaptured(&AI))
    return false;
  return onlyPassedToHarmlessCalls(&AI, [](const Use &) { return false; });
}

// (b) Why this is sound: a race needs at least one write. A `constant` global (string
// literals, vtables, const-initialized `const` objects) is never written after the program
// starts — writing it is undefined behaviour and it is usually mapped read-only — and
// `!invariant.load` promises the location holds the same value wherever it is
// dereferenceable (clang puts it on loads of virtual-function pointers from vtables).
// Deliberately NOT elided: loads of the vtable *pointer* of an object (tbaa "vtable
// pointer"); constructors and destructors write it, and a call racing with a destructor is
// a real bug that should be reported.
bool isProvablyReadOnlyMemory(const Value *Ptr, const Instruction *Load) {
  if (Load && Load->hasMetadata(LLVMContext::MD_invariant_load))
    return true;
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects);
  if (Objects.empty())
    return false;
  for (const Value *O : Objects) {
    const auto *GV = dyn_cast<GlobalVariable>(O);
    if (!GV || !GV->isConstant())
      return false;
  }
  return true;
}

// (c) Why this is sound: the rl_site/rl_global/string tables are written only by the
// runtime (rl_site.id, atomically) and read by it; the program never accesses them, and the
// runtime's own synchronisation is not what Racelight checks. Names starting with `__rl_`
// are reserved for Racelight. In practice the only such accesses are those of code that
// was already instrumented (or of hand-written runtime glue); the pass stores the call-site
// pointers into the frame slot itself, after analysis, so those stores are never seen here.
bool isRacelightOwnedMemory(const Value *Ptr, const SiteTable &Sites) {
  const auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Ptr));
  return GV && (Sites.isOwned(GV) || compat::startsWith(GV->getName(), "__rl_"));
}

// (d) Why this is sound: the runtime reports races at instrumented accesses (and lock
// problems in intercepted calls, which are calls). A function that has neither never
// reports; being a leaf, it is never on the stack of a report made elsewhere either, since
// nothing it calls can report. Its frame would only cost two runtime calls. Note that the
// decision is made after the other elisions, so e.g. a leaf touching only its own locals
// qualifies.
bool isUninterestingLeafFunction(bool HasInstrumentation, bool MakesCalls) {
  return !HasInstrumentation && !MakesCalls;
}

// (e) Redundant checks.
//
// Why this is sound: the runtime records an access of thread T in T's current epoch, and T's
// epoch changes only when T releases (unlock, thread create, cond signal, a release/RMW/
// seq_cst atomic, a fence: all of them calls into the runtime, or atomic instructions and
// fences which the pass brackets with such calls). A second access of T to the same bytes,
// of the same or a weaker kind (a write covers a later read: anything that conflicts with
// the read conflicts with the write), in the same epoch, finds its own record and returns on
// the runtime's hot path: it adds nothing to the shadow and can report nothing the first
// one's record does not. Nothing another thread does can make such a second access "new":
// no other thread can be ordered after T's current epoch before T releases, so any access
// that conflicts with it also conflicts with the first, concurrently, and is found by its
// own check against the first's record (or was found by the first check). Such a check can
// therefore be left out when, at run time, the first access certainly
//   1. happened earlier in the same activation of the function, at the same address,
//   2. covered these bytes, with the same or a stronger kind,
//   3. with no synchronization point (isSynchronizationPoint) since.
// The rule proves this statically for an access A and an earlier access B of the list:
//   - B dominates A (same block and before it, or a dominating block), so B ran before A;
//     take B's latest execution before A;
//   - both addresses are one base SSA value plus constant offsets (GEPs, bitcasts), B's
//     range containing A's. Every path from the base's definition to A passes through B
//     (otherwise some path from the entry would reach A without B), so B's latest execution
//     saw the base value A sees: the same address;
//   - no synchronization point on any path from B to A that does not run B again: the rest
//     of B's block, the start of A's block, and every block on such a path (with all of A's
//     block when a cycle leads from A's block back to it without B's block);
//   - B is itself checked, or elided by this rule: by induction along executions (B strictly
//     precedes A in dominance, so there is no cycle), a record covering B's bytes existed in
//     the epoch in which B ran, which is A's epoch.
// Atomics are neither candidates nor earlier accesses (they are not in the list), and the
// earlier access is always a plain access that would itself be instrumented.
// What changes: a race on the elided access is reported at the line of the access that
// covered it, which is what the runtime's hot path reports anyway (it keeps the site of the
// first record). A record evicted by another thread between the two accesses (four cells a
// granule) is not put back by the second one: the imprecision eviction already has. Nor is
// a new epoch started by an asynchronous signal handler that releases (sem_post) between the
// two: the runtime does not intercept signals.
bool isSynchronizationPoint(const Instruction &I) {
  if (isa<FenceInst>(I) || I.isAtomic())
    return true;
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  const auto *II = dyn_cast<IntrinsicInst>(CB);
  if (!II)
    return true;  // a call, an invoke or inline asm: may lock, signal, create a thread...
  if (isa<DbgInfoIntrinsic>(II) || II->isLifetimeStartOrEnd() || II->isAssumeLikeIntrinsic() ||
      isa<MemIntrinsic>(II))  // (element-wise atomic memcpy is not a MemIntrinsic)
    return false;
  // Pure computations (llvm.fabs, llvm.umax, llvm.sqrt...): no memory, no synchronization,
  // no call back into the program.
  return !(II->doesNotAccessMemory() && II->hasFnAttr(Attribute::NoSync) &&
           compat::intrinsicHasNoCallback(*II));
}

namespace {

// `Ptr` as a base value plus a constant byte offset, looking only through GEPs with constant
// indices and bitcasts: address arithmetic that gives the same address for the same base
// every time it runs. (GetPointerBaseWithConstantOffset also looks through address space
// casts, which need not round-trip to the same address, and through calls.)
std::pair<const Value *, int64_t> baseAndConstantOffset(const Value *Ptr, const DataLayout &DL) {
  const Value *V = Ptr;
  int64_t Offset = 0;
  for (unsigned Depth = 0; Depth < 32; ++Depth) {
    if (const auto *GEP = dyn_cast<GEPOperator>(V)) {
      APInt Step(DL.getIndexTypeSizeInBits(GEP->getType()), 0);
      int64_t Sum;
      if (!GEP->accumulateConstantOffset(DL, Step) || Step.getSignificantBits() > 64 ||
          AddOverflow(Offset, Step.getSExtValue(), Sum))
        break;
      Offset = Sum;
      V = GEP->getPointerOperand();
    } else if (const auto *BC = dyn_cast<BitCastOperator>(V)) {
      V = BC->getOperand(0);
    } else {
      break;
    }
  }
  return {V, Offset};
}

class RedundancyFinder {
public:
  RedundancyFinder(const Function &F, ArrayRef<PlainAccessInfo> Accesses)
      : F(F), Accesses(Accesses) {}

  SmallVector<int, 32> run();

private:
  struct Key {
    const Value *Base;
    int64_t Offset;
  };

  // Whether B's check covers A's bytes and kind (the addresses share a base).
  bool covers(unsigned B, unsigned A) const {
    const PlainAccessInfo &AB = Accesses[B], &AA = Accesses[A];
    if (AA.IsWrite && !AB.IsWrite)
      return false;
    int64_t BBegin = Keys[B].Offset, ABegin = Keys[A].Offset;
    // Sizes are store sizes of first-class types: far below 2^62, no overflow.
    return BBegin <= ABegin &&
           ABegin + int64_t(AA.Size) <= BBegin + int64_t(AB.Size);
  }
  // Whether B certainly ran before A: it dominates A.
  bool precedes(unsigned B, unsigned A) const {
    const BasicBlock *BBB = Accesses[B].I->getParent(), *BBA = Accesses[A].I->getParent();
    if (BBB == BBA)
      return Position.lookup(Accesses[B].I) < Position.lookup(Accesses[A].I);
    return DT->dominates(BBB, BBA);
  }
  // A synchronization point in `BB` strictly between positions `From` and `To`.
  bool syncBetween(const BasicBlock *BB, int64_t From, int64_t To) const {
    auto It = SyncPositions.find(BB);
    if (It == SyncPositions.end())
      return false;
    const SmallVector<unsigned, 4> &P = It->second;  // ascending
    auto First = std::upper_bound(P.begin(), P.end(), From);
    return First != P.end() && int64_t(*First) < To;
  }
  bool noSyncOnAnyPath(unsigned B, unsigned A);

  const Function &F;
  ArrayRef<PlainAccessInfo> Accesses;
  SmallVector<Key, 32> Keys;
  DenseMap<const Instruction *, unsigned> Position;  // of each access in its block
  DenseMap<const BasicBlock *, SmallVector<unsigned, 4>> SyncPositions;
  std::optional<DominatorTree> DT;
  // Blocks visited by the path searches, over the whole function: a bound on the time spent
  // on huge functions (the rule then keeps the remaining checks, which is always sound).
  unsigned Budget = 50000;
};

// No synchronization point on any path from B to A that does not run B again (see (e)).
// B precedes A.
bool RedundancyFinder::noSyncOnAnyPath(unsigned B, unsigned A) {
  const BasicBlock *BBB = Accesses[B].I->getParent(), *BBA = Accesses[A].I->getParent();
  int64_t PosB = Position.lookup(Accesses[B].I), PosA = Position.lookup(Accesses[A].I);
  constexpr int64_t Start = -1, End = INT64_MAX;
  if (BBB == BBA)
    return !syncBetween(BBB, PosB, PosA);
  if (syncBetween(BBB, PosB, End) || syncBetween(BBA, Start, PosA))
    return false;
  // The blocks from which A's block can be reached without passing through B's block...
  SmallPtrSet<const BasicBlock *, 32> ReachA;
  SmallVector<const BasicBlock *, 32> Work;
  auto AddPredecessors = [&](const BasicBlock *X) {
    for (const BasicBlock *P : predecessors(X))
      if (P != BBB && ReachA.insert(P).second)
        Work.push_back(P);
  };
  AddPredecessors(BBA);
  while (!Work.empty()) {
    if (Budget == 0)
      return false;
    --Budget;
    AddPredecessors(Work.pop_back_val());
  }
  // ...that B's block reaches without passing through itself again: the blocks between.
  // A's block is among them only if a cycle avoiding B's block leads back to it, and then
  // the whole of it is on a path (A, the rest of its block, around, up to A again).
  SmallPtrSet<const BasicBlock *, 32> Seen;
  auto AddSuccessors = [&](const BasicBlock *X) {
    for (const BasicBlock *S : successors(X))
      if (S != BBB && ReachA.contains(S) && Seen.insert(S).second)
        Work.push_back(S);
  };
  AddSuccessors(BBB);
  while (!Work.empty()) {
    if (Budget == 0)
      return false;
    --Budget;
    const BasicBlock *X = Work.pop_back_val();
    if (SyncPositions.count(X))
      return false;
    AddSuccessors(X);
  }
  return true;
}

SmallVector<int, 32> RedundancyFinder::run() {
  SmallVector<int, 32> Covering(Accesses.size(), -1);
  const DataLayout &DL = F.getParent()->getDataLayout();

  // Accesses by base: only accesses with a common base can cover each other.
  DenseMap<const Value *, SmallVector<unsigned, 4>> ByBase;
  bool AnyPair = false;
  Keys.reserve(Accesses.size());
  for (unsigned I = 0; I < Accesses.size(); ++I) {
    auto [Base, Offset] = baseAndConstantOffset(Accesses[I].Ptr, DL);
    Keys.push_back({Base, Offset});
    if (Accesses[I].Size == 0)
      continue;
    SmallVector<unsigned, 4> &Group = ByBase[Base];
    Group.push_back(I);
    AnyPair |= Group.size() > 1;
  }
  if (!AnyPair)
    return Covering;

  SmallPtrSet<const Instruction *, 32> IsAccess;
  for (const PlainAccessInfo &A : Accesses)
    IsAccess.insert(A.I);
  for (const BasicBlock &BB : F) {
    unsigned Pos = 0;
    for (const Instruction &I : BB) {
      if (IsAccess.count(&I))
        Position[&I] = Pos;
      if (isSynchronizationPoint(I))
        SyncPositions[&BB].push_back(Pos);
      ++Pos;
    }
  }
  DT.emplace(const_cast<Function &>(F));

  // Earlier accesses to try for each access, nearest first: the nearest is the most likely
  // to have no synchronization point in between, and farther ones rarely succeed where it
  // failed.
  constexpr unsigned MaxTries = 4;
  SmallVector<unsigned, 8> Candidates;
  for (auto &[Base, Group] : ByBase) {
    if (Group.size() < 2)
      continue;
    for (unsigned A : Group) {
      const BasicBlock *BBA = Accesses[A].I->getParent();
      if (!DT->isReachableFromEntry(BBA))
        continue;
      Candidates.clear();
      for (unsigned B : Group)
        if (B != A && covers(B, A) && precedes(B, A))
          Candidates.push_back(B);
      // The candidates all dominate A, so they lie on one chain of the dominator tree:
      // deeper blocks, then later positions, are nearer.
      llvm::sort(Candidates, [&](unsigned X, unsigned Y) {
        unsigned LX = DT->getNode(Accesses[X].I->getParent())->getLevel();
        unsigned LY = DT->getNode(Accesses[Y].I->getParent())->getLevel();
        if (LX != LY)
          return LX > LY;
        return Position.lookup(Accesses[X].I) > Position.lookup(Accesses[Y].I);
      });
      unsigned Tries = 0;
      for (unsigned B : Candidates) {
        if (Tries++ == MaxTries)
          break;
        if (noSyncOnAnyPath(B, A)) {
          Covering[A] = int(B);
          break;
        }
      }
    }
  }
  return Covering;
}

}  // namespace

SmallVector<int, 32> findRedundantAccesses(const Function &F,
                                           ArrayRef<PlainAccessInfo> Accesses) {
  return RedundancyFinder(F, Accesses).run();
}

// (h) Reads before writes.
//
// Why this is sound: let R be a read of thread T and W a later write of T covering R's
// bytes, in the same epoch of T (no synchronization point between them: see (e), epochs
// change only at releases, all of them calls into the runtime). An access X of another
// thread races with R exactly when it races with W:
//   - X conflicts with R only if X is a write, and a write conflicts with W too (W is a
//     write on a superset of R's bytes);
//   - X is concurrent with R exactly when it is concurrent with W: X cannot be ordered
//     before W but not R (T acquires nothing between them), nor after R but not W (no
//     thread is ordered after T's current epoch before T releases, and R and W share it).
// So every race R's check would find, W's check finds (or X's check against W's record),
// provided W's check runs whenever R's would have: hence the same basic block (no branch)
// and no instruction between that may not pass control to the next one (a call that may
// not return or throw is a synchronization point anyway; the rule asks LLVM's
// isGuaranteedToTransferExecutionToSuccessor as well). An infinite loop between R and W is
// impossible in one block. The write need not be checked itself: if rule (e) left it out,
// its own covering access in the same epoch records its bytes, and rule (f) checks it on
// the loop's exits, before anything else runs.
// What changes in reports: a race of R is reported at W's line, as a write (usually the
// same line: `x += 1`, `x = f(x)`); a thread whose later write races with R is reported
// against W, the previous access, instead of R. The window is at most one block, so a
// report cannot be lost to eviction in between more than with R's own record.
SmallVector<int, 32> findReadsCoveredByLaterWrites(const Function &F,
                                                   ArrayRef<PlainAccessInfo> Accesses) {
  SmallVector<int, 32> Covering(Accesses.size(), -1);
  const DataLayout &DL = F.getParent()->getDataLayout();
  DenseMap<const Instruction *, unsigned> Index;
  // Each access's base and offset, computed once (a write is looked at from every read
  // before it in its block).
  SmallVector<std::pair<const Value *, int64_t>, 32> Keys;
  for (unsigned K = 0; K < Accesses.size(); ++K) {
    Index[Accesses[K].I] = K;
    Keys.push_back(baseAndConstantOffset(Accesses[K].Ptr, DL));
  }
  // How far to look after a read: the block's rest, but not without bound (compile time).
  constexpr unsigned kMaxScan = 64;
  for (unsigned R = 0; R < Accesses.size(); ++R) {
    const PlainAccessInfo &Read = Accesses[R];
    // Volatile accesses keep their checks (they are checked as plain ones, AccessTest).
    if (Read.IsWrite || Read.Size == 0 || Read.I->isVolatile())
      continue;
    auto [ReadBase, ReadOffset] = Keys[R];
    unsigned Scanned = 0;
    for (const Instruction *I = Read.I->getNextNode(); I && Scanned < kMaxScan;
         I = I->getNextNode(), ++Scanned) {
      if (isSynchronizationPoint(*I))
        break;
      auto It = Index.find(I);
      if (It != Index.end()) {
        const PlainAccessInfo &W = Accesses[It->second];
        if (W.IsWrite && W.Size != 0 && !W.I->isVolatile()) {
          auto [WriteBase, WriteOffset] = Keys[It->second];
          // Sizes are store sizes of first-class types: far below 2^62, no overflow.
          if (WriteBase == ReadBase && WriteOffset <= ReadOffset &&
              ReadOffset + int64_t(Read.Size) <= WriteOffset + int64_t(W.Size)) {
            Covering[R] = int(It->second);
            break;
          }
        }
      }
      if (!isGuaranteedToTransferExecutionToSuccessor(I))
        break;
    }
  }
  return Covering;
}

// (g) Thread-local heap objects.
//
// Why this is sound: like a stack slot (a), a block fresh from the allocator is reachable by
// another thread only through its address, and the runtime gives it fresh shadow when it
// is allocated (nothing recorded before the allocation can conflict with it). If the
// address is never captured (stored, returned, turned into an integer; comparisons do not
// hand it to anyone) and never passed to any call but free/delete of the block itself
// (any other call, even through a `nocapture` parameter, may lend it to a helper thread),
// no other thread can access the block while this thread uses it, so none of this thread's
// accesses to it can race. Each execution of the allocation is a new block, so loops and
// recursion share nothing. After free/delete the allocator may give the same bytes to
// another thread: an access of the freed block (use after free) could then race, so an
// access is elided only when no free of the object may precede it without the allocation
// running again in between (see AccessElider::isThreadLocalHeapAccess). PointerMayBeCaptured
// answers "captured" when it gives up (too many uses). The allocation functions are
// recognized by their C/C++ names on declarations only; a program that defines its own
// `malloc` in the module is left alone (its blocks could be anything).
bool isHeapAllocationCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || !CB.getType()->isPointerTy())
    return false;
  StringRef N = Callee->getName();
  return N == "malloc" || N == "calloc" || N == "aligned_alloc" ||
         // operator new / new[], with and without nothrow_t and align_val_t (64-bit size_t)
         N == "_Znwm" || N == "_Znam" || N == "_ZnwmRKSt9nothrow_t" ||
         N == "_ZnamRKSt9nothrow_t" || N == "_ZnwmSt11align_val_t" ||
         N == "_ZnamSt11align_val_t" || N == "_ZnwmSt11align_val_tRKSt9nothrow_t" ||
         N == "_ZnamSt11align_val_tRKSt9nothrow_t";
}

bool isHeapDeallocationCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee || !Callee->isDeclaration() || CB.arg_size() == 0)
    return false;
  StringRef N = Callee->getName();
  return N == "free" ||
         // operator delete / delete[]: plain, sized, aligned, nothrow
         N == "_ZdlPv" || N == "_ZdaPv" || N == "_ZdlPvm" || N == "_ZdaPvm" ||
         N == "_ZdlPvSt11align_val_t" || N == "_ZdaPvSt11align_val_t" ||
         N == "_ZdlPvmSt11align_val_t" || N == "_ZdaPvmSt11align_val_t" ||
         N == "_ZdlPvRKSt9nothrow_t" || N == "_ZdaPvRKSt9nothrow_t";
}

namespace {
// `U` is the freed pointer of a free/delete call.
bool isFreeOfPointer(const Use &U) {
  const auto *CB = dyn_cast<CallBase>(U.getUser());
  return CB && CB->isArgOperand(&U) && CB->getArgOperandNo(&U) == 0 &&
         isHeapDeallocationCall(*CB);
}
}  // namespace

bool isThreadLocalHeapAllocation(const CallBase &Alloc) {
  if (!isHeapAllocationCall(Alloc))
    return false;
  if (compat::pointerMayBeCapturedExcept(&Alloc, isFreeOfPointer))
    return false;
  return onlyPassedToHarmlessCalls(&Alloc, isFreeOfPointer);
}

namespace {

// The object `Ptr` addresses when it is that object's address plus GEPs and casts only (no
// PHI or select): its value is then the block of the allocation's latest execution.
const Value *directBaseObject(const Value *Ptr) {
  for (unsigned Depth = 0; Depth < 32; ++Depth) {
    if (const auto *GEP = dyn_cast<GEPOperator>(Ptr))
      Ptr = GEP->getPointerOperand();
    else if (const auto *BC = dyn_cast<BitCastOperator>(Ptr))
      Ptr = BC->getOperand(0);
    else
      return Ptr;
  }
  return nullptr;
}

}  // namespace

const AccessElider::HeapObjectInfo &AccessElider::heapObjectInfo(const CallBase &Alloc) {
  auto [It, Inserted] = HeapObjects.try_emplace(&Alloc);
  HeapObjectInfo &Info = It->second;
  if (!Inserted)
    return Info;
  Info.ThreadLocal = isThreadLocalHeapAllocation(Alloc);
  if (!Info.ThreadLocal)
    return Info;
  // The frees of the block (through any PHI or select), and the blocks reachable from one
  // of them without running the allocation again (a path through its block runs it).
  SmallVector<const Value *, 8> Worklist{&Alloc};
  SmallPtrSet<const Value *, 8> Visited{&Alloc};
  while (!Worklist.empty()) {
    const Value *V = Worklist.pop_back_val();
    for (const Use &U : V->uses()) {
      const User *Usr = U.getUser();
      if (isa<GetElementPtrInst, BitCastInst, AddrSpaceCastInst, PHINode, SelectInst>(Usr)) {
        if (Visited.insert(Usr).second)
          Worklist.push_back(Usr);
      } else if (isFreeOfPointer(U)) {
        Info.Frees.push_back(cast<Instruction>(Usr));
      }
    }
  }
  const BasicBlock *AllocBB = Alloc.getParent();
  SmallVector<const BasicBlock *, 16> Work;
  for (const Instruction *Free : Info.Frees)
    for (const BasicBlock *S : successors(Free->getParent()))
      if (S != AllocBB && Info.AfterFree.insert(S).second)
        Work.push_back(S);
  while (!Work.empty()) {
    const BasicBlock *X = Work.pop_back_val();
    for (const BasicBlock *S : successors(X))
      if (S != AllocBB && Info.AfterFree.insert(S).second)
        Work.push_back(S);
  }
  return Info;
}

// (g) An access of `Ptr` by `I` whose every underlying object is a thread-local heap block
// (isThreadLocalHeapAllocation) and that cannot follow a free of it: either the object is
// never freed in this function, or `Ptr` is the allocation's own value plus GEPs/casts (so
// the block of its latest execution) and no free of it may run between that execution and
// `I` (not reachable from a free without passing the allocation's block, nor after a free
// in its own block).
bool AccessElider::isThreadLocalHeapAccess(const Value *Ptr, const Instruction *I) {
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects);
  if (Objects.empty())
    return false;
  bool AnyHeap = false;
  for (const Value *O : Objects) {
    if (const auto *AI = dyn_cast<AllocaInst>(O)) {
      auto [It, Inserted] = NonEscaping.try_emplace(AI, false);
      if (Inserted)
        It->second = isNonEscapingAlloca(*AI);
      if (!It->second)
        return false;
      continue;
    }
    const auto *Alloc = dyn_cast<CallBase>(O);
    if (!Alloc)
      return false;
    const HeapObjectInfo &Info = heapObjectInfo(*Alloc);
    if (!Info.ThreadLocal)
      return false;
    AnyHeap = true;
    if (Info.Frees.empty())
      continue;
    if (!I || directBaseObject(Ptr) != Alloc || Info.AfterFree.count(I->getParent()))
      return false;
    for (const Instruction *Free : Info.Frees)
      if (Free->getParent() == I->getParent() && (Free == I || Free->comesBefore(I)))
        return false;
  }
  return AnyHeap;
}

bool AccessElider::allUnderlyingObjectsAreNonEscapingAllocas(const Value *Ptr) {
  SmallVector<const Value *, 4> Objects;
  getUnderlyingObjects(Ptr, Objects);
  if (Objects.empty())
    return false;
  for (const Value *O : Objects) {
    const auto *AI = dyn_cast<AllocaInst>(O);
    if (!AI)
      return false;
    auto [It, Inserted] = NonEscaping.try_emplace(AI, false);
    if (Inserted)
      It->second = isNonEscapingAlloca(*AI);
    if (!It->second)
      return false;
  }
  return true;
}

ElisionRule AccessElider::elisionRule(const Value *Ptr, const Instruction *I,
                                      bool IsReadOnlyAccess) {
  if (Opts.ElideOwnGlobals && isRacelightOwnedMemory(Ptr, Sites)) {
    ++NumElidedOwnGlobal;
    return ElisionRule::OwnGlobal;
  }
  if (Opts.ElideNonEscapingAllocas && allUnderlyingObjectsAreNonEscapingAllocas(Ptr)) {
    ++NumElidedNonEscapingAlloca;
    return ElisionRule::NonEscapingAlloca;
  }
  if (Opts.ElideReadOnlyLoads && IsReadOnlyAccess && isProvablyReadOnlyMemory(Ptr, I)) {
    ++NumElidedReadOnly;
    return ElisionRule::ReadOnly;
  }
  if (Opts.ElideThreadLocalHeap && isThreadLocalHeapAccess(Ptr, I)) {
    ++NumElidedThreadLocalHeap;
    return ElisionRule::ThreadLocalHeap;
  }
  return ElisionRule::None;
}

bool AccessElider::canElideEntryExit(bool HasInstrumentation, bool MakesCalls) {
  if (!Opts.ElideLeafFunctions || !isUninterestingLeafFunction(HasInstrumentation, MakesCalls))
    return false;
  ++NumElidedLeafFunctions;
  return true;
}

SmallVector<bool, 32> AccessElider::redundantAccesses(const Function &F,
                                                    ArrayRef<PlainAccessInfo> Accesses) {
  SmallVector<bool, 32> Redundant(Accesses.size(), false);
  if (!Opts.ElideRedundantAccesses || Accesses.size() < 2)
    return Redundant;
  SmallVector<int, 32> Covering = findRedundantAccesses(F, Accesses);
  for (unsigned I = 0; I < Accesses.size(); ++I) {
    if (Covering[I] < 0)
      continue;
    Redundant[I] = true;
    ++NumElidedRedundant;
    if (Accesses[Covering[I]].I->getParent() != Accesses[I].I->getParent())
      ++NumElidedRedundantAcrossBlocks;
  }
  return Redundant;
}

SmallVector<bool, 32> AccessElider::readsCoveredByLaterWrites(
    const Function &F, ArrayRef<PlainAccessInfo> Accesses) {
  SmallVector<bool, 32> Covered(Accesses.size(), false);
  if (!Opts.ElideReadsBeforeWrites || Accesses.size() < 2)
    return Covered;
  SmallVector<int, 32> Covering = findReadsCoveredByLaterWrites(F, Accesses);
  for (unsigned I = 0; I < Accesses.size(); ++I) {
    if (Covering[I] < 0)
      continue;
    Covered[I] = true;
    ++NumElidedReadBeforeWrite;
  }
  return Covered;
}

}  // namespace racelight
