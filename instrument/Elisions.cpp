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

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"

using namespace llvm;

#define DEBUG_TYPE "racelight"

RL_STATISTIC(NumElidedNonEscapingAlloca,
             "Accesses not instrumented: stack slot that does not escape (a)");
RL_STATISTIC(NumElidedReadOnly, "Loads not instrumented: read-only memory (b)");
RL_STATISTIC(NumElidedOwnGlobal, "Accesses not instrumented: Racelight's own tables (c)");
RL_STATISTIC(NumElidedLeafFunctions,
             "Functions without func_entry/func_exit: leaf without accesses (d)");

namespace racelight {

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
  SmallVector<const Value *, 8> Worklist{&AI};
  SmallPtrSet<const Value *, 8> Visited{&AI};
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
        continue;  // loads, stores *to* the slot, compares: the address stays here
      if (const auto *II = dyn_cast<IntrinsicInst>(CB))
        if (II->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(II) || isa<MemIntrinsic>(II) ||
            II->isDroppable())
          continue;
      return false;  // handed to a callee (argument, operand bundle, or even called)
    }
  }
  return true;
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
  return GV && (Sites.isOwned(GV) || GV->getName().starts_with("__rl_"));
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

bool AccessElider::canElide(const Value *Ptr, const Instruction *I, bool IsReadOnlyAccess) {
  if (Opts.ElideOwnGlobals && isRacelightOwnedMemory(Ptr, Sites)) {
    ++NumElidedOwnGlobal;
    return true;
  }
  if (Opts.ElideNonEscapingAllocas && allUnderlyingObjectsAreNonEscapingAllocas(Ptr)) {
    ++NumElidedNonEscapingAlloca;
    return true;
  }
  if (Opts.ElideReadOnlyLoads && IsReadOnlyAccess && isProvablyReadOnlyMemory(Ptr, I)) {
    ++NumElidedReadOnly;
    return true;
  }
  return false;
}

bool AccessElider::canElideEntryExit(bool HasInstrumentation, bool MakesCalls) {
  if (!Opts.ElideLeafFunctions || !isUninterestingLeafFunction(HasInstrumentation, MakesCalls))
    return false;
  ++NumElidedLeafFunctions;
  return true;
}

}  // namespace racelight
