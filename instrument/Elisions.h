// Elisions.h: the accesses the Racelight pass leaves uninstrumented because they cannot
// take part in a data race, (a)-(c) and (g), or because an earlier check already made
// theirs redundant, (e) and (h). Each rule is a named function below, documented with the
// reason it is sound; each has a statistic (-stats) and a switch (Options.h). Rule (f),
// loop coalescing, which moves checks rather than removing them, is in LoopCoalescing.h.
//
// Thread safety: none needed; an AccessElider is used by the one thread that runs the pass
// on a module.
//
// Run: opt -load-pass-plugin=RacelightPass.so -passes=racelight -racelight-stats in.ll -S
//      (or clang -fpass-plugin=RacelightPass.so ... -save-stats=obj) to see how many
//      accesses each rule removed.
#ifndef RACELIGHT_INSTRUMENT_ELISIONS_H
#define RACELIGHT_INSTRUMENT_ELISIONS_H

#include "Options.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cstdint>

namespace llvm {
class AllocaInst;
class BasicBlock;
class CallBase;
class DataLayout;
class Function;
class Instruction;
class Value;
}  // namespace llvm

namespace racelight {

class SiteTable;

// (a) `AI` is a stack slot no other thread can reach: its address is never captured
// (stored, returned, converted to an integer, passed to a capturing parameter) and never
// passed to any call at all except lifetime/debug markers and memory intrinsics.
bool isNonEscapingAlloca(const llvm::AllocaInst &AI);

// (b) A load through `Ptr` (by instruction `Load`, may be null) reads memory nothing can
// write: every object `Ptr` may point into is a `constant` global, or the load is marked
// !invariant.load.
bool isProvablyReadOnlyMemory(const llvm::Value *Ptr, const llvm::Instruction *Load);

// (c) `Ptr` points into one of the tables Racelight itself emits (rl_site, strings,
// rl_global array) or into another `__rl_`-reserved global.
bool isRacelightOwnedMemory(const llvm::Value *Ptr, const SiteTable &Sites);

// (d) A function with no instrumented access and no call can produce no report and is in
// no one's stack when a report is made, so it needs no __rl_func_entry/__rl_func_exit.
bool isUninterestingLeafFunction(bool HasInstrumentation, bool MakesCalls);

// (e) Redundant checks. An instrumented plain access, as the rule sees it: `Ptr` is the
// address, `Size` the number of bytes (0: unknown, e.g. a scalable vector, never elided).
struct PlainAccessInfo {
  const llvm::Instruction *I;
  const llvm::Value *Ptr;
  uint64_t Size;
  bool IsWrite;
};

// Whether `I` may change the executing thread's epoch in the runtime, or is an atomic
// operation the rule must not see through: every call and invoke (inline asm included)
// except intrinsics known to neither synchronize nor call back (debug, lifetime and
// assume-like markers, memcpy/memmove/memset, which are accesses, and intrinsics that touch
// no memory and are `nosync nocallback`, e.g. llvm.fabs), every atomic instruction and every
// fence.
bool isSynchronizationPoint(const llvm::Instruction &I);

// (e) For each access of `Accesses` (the plain accesses of `F` that are going to be
// instrumented, in any order), the index in `Accesses` of an earlier access whose check
// makes its own redundant, or -1: the earlier access dominates it, covers its bytes (same
// base pointer SSA value plus constant offsets), with the same or a stronger kind (a write
// covers a read), and no synchronization point lies on any path from the earlier access to
// it. The earlier access may itself be redundant (its own coverer then covers both).
llvm::SmallVector<int, 32> findRedundantAccesses(const llvm::Function &F,
                                                  llvm::ArrayRef<PlainAccessInfo> Accesses);

// (h) Reads before writes. For each access of `Accesses` (as for (e)), the index of a later
// write whose check makes its check redundant, or -1: the access is a read, the write is in
// the same basic block after it, covers its bytes (same base SSA value plus constant
// offsets), and every instruction between them is no synchronization point and is
// guaranteed to pass control to the next one. (ThreadSanitizer's pass omits the same
// reads, within a block and with no call between.)
llvm::SmallVector<int, 32> findReadsCoveredByLaterWrites(const llvm::Function &F,
                                                         llvm::ArrayRef<PlainAccessInfo> Accesses);

// (g) Thread-local heap objects. `CB` calls malloc, calloc, aligned_alloc or a (64-bit)
// operator new / new[] (declarations only), or free / a form of operator delete.
bool isHeapAllocationCall(const llvm::CallBase &CB);
bool isHeapDeallocationCall(const llvm::CallBase &CB);

// (g) `Alloc` is a heap allocation whose block no other thread can reach: its address is
// never captured (stored, returned, converted to an integer) and never passed to any call
// except free/delete of it, lifetime/debug markers and memory intrinsics.
bool isThreadLocalHeapAllocation(const llvm::CallBase &Alloc);

// The rule that removed a check, for -racelight-count-checks (None: the access is checked).
enum class ElisionRule {
  None,
  NonEscapingAlloca,  // (a)
  ReadOnly,           // (b)
  OwnGlobal,          // (c)
  LeafFunction,       // (d)
  Redundant,          // (e)
  LoopCoalesced,      // (f)
  ThreadLocalHeap,    // (g)
  ReadBeforeWrite,    // (h)
};

// Applies rules (a)-(c) and (g) to accesses, subject to the switches, counting each elision.
// Must be asked before the function is modified: the pass's own calls take the address
// of the slots they instrument, which would make every alloca look escaping.
class AccessElider {
public:
  AccessElider(const RacelightOptions &Opts, const SiteTable &Sites)
      : Opts(Opts), Sites(Sites) {}

  // True when the access of `Ptr` by `I` (an access or memory operation, may be null for
  // rules other than (g)) needs no instrumentation. `IsReadOnlyAccess` is
  // true for loads and for the source side of memcpy/memmove.
  bool canElide(const llvm::Value *Ptr, const llvm::Instruction *I, bool IsReadOnlyAccess) {
    return elisionRule(Ptr, I, IsReadOnlyAccess) != ElisionRule::None;
  }
  // The same question, answered with the rule that removes the check (the first that
  // applies, in the order (c), (a), (b), (g)).
  ElisionRule elisionRule(const llvm::Value *Ptr, const llvm::Instruction *I,
                          bool IsReadOnlyAccess);

  // Rule (d), with its switch and statistic.
  bool canElideEntryExit(bool HasInstrumentation, bool MakesCalls);

  // Rule (e), with its switch and statistic: which of `Accesses` need no check (all false
  // when the rule is off). Unlike (a)-(c) it looks at the whole function at once.
  llvm::SmallVector<bool, 32> redundantAccesses(const llvm::Function &F,
                                                llvm::ArrayRef<PlainAccessInfo> Accesses);

  // Rule (h), with its switch and statistic: which of `Accesses` are reads a later write
  // covers (all false when the rule is off).
  llvm::SmallVector<bool, 32> readsCoveredByLaterWrites(const llvm::Function &F,
                                                        llvm::ArrayRef<PlainAccessInfo> Accesses);

private:
  bool allUnderlyingObjectsAreNonEscapingAllocas(const llvm::Value *Ptr);
  bool isThreadLocalHeapAccess(const llvm::Value *Ptr, const llvm::Instruction *I);

  struct HeapObjectInfo {
    bool ThreadLocal = false;
    llvm::SmallVector<const llvm::Instruction *, 2> Frees;  // free/delete calls of it
    // Blocks a free can reach without running the allocation again.
    llvm::SmallPtrSet<const llvm::BasicBlock *, 8> AfterFree;
  };
  const HeapObjectInfo &heapObjectInfo(const llvm::CallBase &Alloc);

  const RacelightOptions &Opts;
  const SiteTable &Sites;
  llvm::DenseMap<const llvm::AllocaInst *, bool> NonEscaping;
  llvm::DenseMap<const llvm::CallBase *, HeapObjectInfo> HeapObjects;
};

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_ELISIONS_H
