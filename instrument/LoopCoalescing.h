// LoopCoalescing.h: rule (f), loop coalescing. The checks of the accesses of a loop that
// walk memory with a constant stride, in a loop with no synchronization point, become one
// read range and one write range per loop, checked on the loop's exits once the number of
// iterations that ran is known (BigFoot, PLDI 2017, "coalesced checks"). See
// docs/instrumentation.md, "Elisions", and the soundness argument in LoopCoalescing.cpp.
//
// Thread safety: none needed; one LoopCoalescer per function, used by the thread that
// instruments that function.
//
// Run: opt -load-pass-plugin=RacelightPass.so -passes=racelight -racelight-stats in.ll -S
//      (-racelight-coalesce-loops=false turns the rule off).
#ifndef RACELIGHT_INSTRUMENT_LOOPCOALESCING_H
#define RACELIGHT_INSTRUMENT_LOOPCOALESCING_H

#include "Elisions.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/AssumptionCache.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Analysis/TargetLibraryInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

#include <cstdint>
#include <memory>

namespace racelight {

// One range check that stands for the checks of some accesses of a loop. In iteration i
// (0 for the first) the accesses cover exactly the bytes
//   [Start + Lo + i * Step, Start + Lo + i * Step + Width),   with Width >= |Step|,
// so the iterations 0..n-1 together cover one contiguous range.
struct CoalescedRange {
  bool IsWrite = false;
  const llvm::SCEV *Start = nullptr;  // the leader's address in iteration 0 (loop invariant)
  int64_t Lo = 0;
  uint64_t Width = 0;
  int64_t Step = 0;
  // Indices (in the access list given to plan()) of the accesses of the range's kind whose
  // bytes, together, are the range's in each iteration; all run in every iteration.
  llvm::SmallVector<unsigned, 4> Members;
  // Reads whose bytes lie inside a write range's bytes of the same iteration: covered by it.
  llvm::SmallVector<unsigned, 4> MergedReads;
  unsigned SiteAccess = 0;  // the member that runs first: the range reports its site
};

// What an exit edge of the loop does for one range: when all members ran in the iteration
// that exits, the range covers it too (n = completed iterations + 1); otherwise it covers
// the completed iterations only, and the accesses of the range that did run in the last
// iteration are checked one by one (LastIterationChecks).
struct RangeAtExit {
  bool LastIterationWhole = false;
  llvm::SmallVector<unsigned, 4> LastIterationChecks;  // members and merged reads
};

struct LoopExit {
  llvm::BasicBlock *Exiting = nullptr;
  unsigned SuccessorIndex = 0;
  llvm::SmallVector<RangeAtExit, 4> Ranges;  // parallel to CoalescedLoop::Ranges
};

struct CoalescedLoop {
  llvm::BasicBlock *Header = nullptr, *Preheader = nullptr, *Latch = nullptr;
  llvm::SmallVector<CoalescedRange, 4> Ranges;
  llvm::SmallVector<LoopExit, 2> Exits;
};

// Whether no instruction of `L` (its subloops included) is a synchronization point
// (isSynchronizationPoint): no call that may synchronize, no atomic, no fence.
bool loopHasNoSynchronization(const llvm::Loop &L);

// Whether every cycle of `L` is a natural loop (no irreducible control flow inside it).
bool isReducibleLoop(const llvm::Loop &L, const llvm::DominatorTree &DT);

// (f) Finds the ranges of a function, then rewrites it. The analysis must run on the
// function as the other rules see it (before any instrumentation); the rewrite adds an
// iteration counter to each coalesced loop, splits its exit edges and leaves the range
// checks to the caller (which knows the runtime functions and sites).
class LoopCoalescer {
public:
  explicit LoopCoalescer(llvm::Function &F);
  ~LoopCoalescer();

  // For each access of `Accesses` (the plain checks that survived (a)-(e), in any order),
  // whether a range of loops() stands for it.
  llvm::SmallVector<bool, 32> plan(llvm::ArrayRef<PlainAccessInfo> Accesses);
  llvm::ArrayRef<CoalescedLoop> loops() const { return Loops; }

  // The rewrite. For each coalesced loop: the address of each range's Start, expanded in
  // the preheader (as a pointer), and the loop's iteration counter (an i64 PHI in the header
  // counting completed iterations); then, for each exit, the point where its checks go (a
  // new block on the exit edge, or the start of an exit block whose only predecessor is the
  // exiting block; two exits to such a block share it, and only the first gets a point).
  struct Rewritten {
    llvm::SmallVector<llvm::Value *, 4> Starts;  // parallel to Ranges
    llvm::PHINode *Counter = nullptr;
    llvm::SmallVector<llvm::Instruction *, 2> ExitPoints;  // parallel to Exits; null: shared
  };
  llvm::SmallVector<Rewritten, 4> rewrite();

private:
  void planLoop(llvm::Loop &L, llvm::ArrayRef<unsigned> Candidates,
                llvm::ArrayRef<PlainAccessInfo> Accesses, llvm::SmallVectorImpl<bool> &Covered);
  bool runsBefore(const llvm::Instruction *A, const llvm::Instruction *B) const;

  llvm::Function &F;
  llvm::DominatorTree DT;
  llvm::LoopInfo LI;
  std::unique_ptr<llvm::TargetLibraryInfoImpl> TLII;
  std::unique_ptr<llvm::TargetLibraryInfo> TLI;
  std::unique_ptr<llvm::AssumptionCache> AC;
  std::unique_ptr<llvm::ScalarEvolution> SE;
  std::unique_ptr<llvm::SCEVExpander> Expander;
  llvm::SmallVector<CoalescedLoop, 4> Loops;
};

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_LOOPCOALESCING_H
