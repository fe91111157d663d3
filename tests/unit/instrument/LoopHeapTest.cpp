// Unit tests of the Racelight pass: rule (f), loop coalescing, and rule (g), thread-local
// heap objects (docs/instrumentation.md, "Elisions").
#include "PassTestUtil.h"

#include "Elisions.h"
#include "LoopCoalescing.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace racelight;
using namespace racelight::test;

namespace {

using LoopCoalescingTest = PassTest;
using ThreadLocalHeapTest = PassTest;

unsigned singleChecks(const Function &F) {
  unsigned N = 0;
  for (const char *C : {"__rl_read4", "__rl_write4", "__rl_read8", "__rl_write8",
                        "__rl_read16", "__rl_write16"})
    N += countCalls(F, C);
  return N;
}

// The calls to `Callee` in block `BB`.
unsigned callsIn(const BasicBlock &BB, StringRef Callee) {
  unsigned N = 0;
  for (const Instruction &I : BB)
    if (const auto *CB = dyn_cast<CallBase>(&I))
      if (const Function *Fn = CB->getCalledFunction(); Fn && Fn->getName() == Callee)
        ++N;
  return N;
}

// The block the loop body is named in (`loop` by convention in the inputs below).
const BasicBlock *block(const Function &F, StringRef Name) {
  for (const BasicBlock &BB : F)
    if (BB.getName() == Name)
      return &BB;
  return nullptr;
}

// --- (f) Loop coalescing --------------------------------------------------------------

// The -O2 shape of `for (i = 0; i < n; i++) a[i] = b[i];` (rotated, with a guard).
const char *Copy = R"IR(
  define void @copy(ptr %a, ptr %b, i64 %n) !dbg !4 {
  entry:
    %empty = icmp eq i64 %n, 0
    br i1 %empty, label %exit, label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %pb = getelementptr inbounds i32, ptr %b, i64 %i
    %v = load i32, ptr %pb, !dbg !7
    %pa = getelementptr inbounds i32, ptr %a, i64 %i
    store i32 %v, ptr %pa, !dbg !8
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  !llvm.dbg.cu = !{!0}
  !llvm.module.flags = !{!2, !3}
  !0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, emissionKind: FullDebug)
  !1 = !DIFile(filename: "copy.c", directory: "/src")
  !2 = !{i32 2, !"Debug Info Version", i32 3}
  !3 = !{i32 7, !"Dwarf Version", i32 5}
  !4 = distinct !DISubprogram(name: "copy", scope: !1, file: !1, line: 1, type: !5, unit: !0, spFlags: DISPFlagDefinition)
  !5 = !DISubroutineType(types: !6)
  !6 = !{}
  !7 = !DILocation(line: 3, column: 12, scope: !4)
  !8 = !DILocation(line: 3, column: 10, scope: !4)
)IR";

TEST_F(LoopCoalescingTest, ContiguousLoopBecomesTwoRangesOnTheExit) {
  auto M = run(Copy);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("copy");
  // No check left in the loop; one read range and one write range, on the exit edge.
  EXPECT_EQ(singleChecks(F), 0u) << toString(F);
  const BasicBlock *Loop = block(F, "loop");
  ASSERT_TRUE(Loop);
  EXPECT_EQ(callsIn(*Loop, "__rl_read_range") + callsIn(*Loop, "__rl_write_range"), 0u);
  auto Reads = callsTo(F, "__rl_read_range");
  auto Writes = callsTo(F, "__rl_write_range");
  ASSERT_EQ(Reads.size(), 1u);
  ASSERT_EQ(Writes.size(), 1u);
  // The check sits on the edge loop -> exit (a new block: `exit` has two predecessors).
  const BasicBlock *At = Writes[0]->getParent();
  EXPECT_EQ(At->getSinglePredecessor(), Loop);
  EXPECT_EQ(At->getSingleSuccessor(), block(F, "exit"));
  // Reported at the loop's accesses.
  EXPECT_EQ(siteInfo(Reads[0]->getArgOperand(2)).Line, 3u);
  EXPECT_EQ(siteInfo(Reads[0]->getArgOperand(2)).Column, 12u);
  EXPECT_EQ(siteInfo(Writes[0]->getArgOperand(2)).Column, 10u);
  // The length is (completed iterations) * 4 + 4: the exit is taken after the whole
  // iteration ran, from the counter PHI the rule added.
  auto *Len = dyn_cast<BinaryOperator>(Writes[0]->getArgOperand(1));
  ASSERT_TRUE(Len);
  EXPECT_EQ(Len->getOpcode(), Instruction::Add);
  auto *Scaled = dyn_cast<BinaryOperator>(Len->getOperand(0));
  ASSERT_TRUE(Scaled);
  EXPECT_EQ(Scaled->getOpcode(), Instruction::Mul);
  auto *Counter = dyn_cast<PHINode>(Scaled->getOperand(0));
  ASSERT_TRUE(Counter);
  EXPECT_EQ(Counter->getParent(), Loop);
  EXPECT_EQ(cast<ConstantInt>(Scaled->getOperand(1))->getZExtValue(), 4u);
  EXPECT_EQ(cast<ConstantInt>(Len->getOperand(1))->getZExtValue(), 4u);
  // The start is the array itself, from the preheader (here the entry block).
  auto *Start = dyn_cast<IntToPtrInst>(Writes[0]->getArgOperand(0));
  ASSERT_TRUE(Start);
  auto *StartInt = dyn_cast<PtrToIntInst>(Start->getOperand(0));
  ASSERT_TRUE(StartInt);
  EXPECT_EQ(StartInt->getOperand(0), F.getArg(0));
  EXPECT_EQ(StartInt->getParent(), &F.getEntryBlock());
}

TEST_F(LoopCoalescingTest, SwitchOffKeepsTheChecks) {
  RacelightOptions O;
  O.CoalesceLoopAccesses = false;
  auto M = run(Copy, O);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("copy");
  EXPECT_EQ(countCalls(F, "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_read_range") + countCalls(F, "__rl_write_range"), 0u);
}

const char *Shapes = R"IR(
  declare void @ext()
  ; a[i] = a[i] + 1: the read's bytes are the write's: one write range, no read range
  define void @increment(ptr %a, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    %v = load i32, ptr %p
    %w = add i32 %v, 1
    store i32 %w, ptr %p
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; a call in the loop may synchronize: nothing is coalesced
  define void @with_call(ptr %a, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    store i32 0, ptr %p
    call void @ext()
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; an atomic in the loop: nothing is coalesced
  define void @with_atomic(ptr %a, ptr %flag, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    store i32 0, ptr %p
    %f = load atomic i32, ptr %flag acquire, align 4
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; every other int (stride 8, size 4): a range would cover bytes nobody wrote
  define void @strided(ptr %a, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %j = shl i64 %i, 1
    %p = getelementptr inbounds i32, ptr %a, i64 %j
    store i32 0, ptr %p
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; unrolled by two: a[2i] and a[2i+1] together cover 8 bytes an iteration, the stride
  define void @unrolled(ptr %a, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %j = shl i64 %i, 1
    %p = getelementptr inbounds i32, ptr %a, i64 %j
    store i32 0, ptr %p
    %q = getelementptr inbounds i32, ptr %p, i64 1
    store i32 1, ptr %q
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; a store under a condition does not run in every iteration: it keeps its check
  define void @conditional(ptr %a, ptr %b, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
    %pa = getelementptr inbounds i32, ptr %a, i64 %i
    %v = load i32, ptr %pa
    %c = icmp sgt i32 %v, 0
    br i1 %c, label %then, label %latch
  then:
    %pb = getelementptr inbounds i32, ptr %b, i64 %i
    store i32 %v, ptr %pb
    br label %latch
  latch:
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; downwards: for (i = n - 1; i >= 0; i--) a[i] = 0
  define void @downwards(ptr %a, i64 %n) {
  entry:
    %last = add i64 %n, -1
    br label %loop
  loop:
    %i = phi i64 [ %last, %entry ], [ %i.next, %loop ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    store i32 0, ptr %p
    %i.next = add nsw i64 %i, -1
    %done = icmp slt i64 %i.next, 0
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; a loop with no exit: its checks would never be made, so they stay in the loop
  define void @forever(ptr %a) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    store i32 0, ptr %p
    %i.next = add nuw i64 %i, 1
    br label %loop
  }
  ; an irreducible cycle inside the loop (two ways into {%b, %x}): %b may run twice in
  ; one iteration, so the loop is left alone
  define void @irreducible(ptr %a, i64 %n, i1 %c, i1 %d) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %latch ]
    br i1 %c, label %b, label %x
  b:
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    store i32 0, ptr %p
    br i1 %d, label %x, label %latch
  x:
    br i1 %d, label %b, label %out
  latch:
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %out, label %loop
  out:
    ret void
  }
  ; volatile accesses are left alone
  define void @volatile_stores(ptr %a, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    store volatile i32 0, ptr %p
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
)IR";

TEST_F(LoopCoalescingTest, ShapesThatCoalesceAndShapesThatDoNot) {
  uint64_t Merged = statistic("NumCoalescedReadsIntoWrites");
  RacelightOptions O;
  O.ElideReadsBeforeWrites = false;  // else rule (h) drops increment's read before (f) sees it
  auto M = run(Shapes, O);
  ASSERT_TRUE(M);
  const Function &Inc = *M->getFunction("increment");
  EXPECT_EQ(singleChecks(Inc), 0u);
  EXPECT_EQ(countCalls(Inc, "__rl_write_range"), 1u);
  EXPECT_EQ(countCalls(Inc, "__rl_read_range"), 0u);
  EXPECT_EQ(statistic("NumCoalescedReadsIntoWrites") - Merged, 1u);

  for (const char *Name :
       {"with_call", "with_atomic", "strided", "forever", "volatile_stores", "irreducible"}) {
    const Function &F = *M->getFunction(Name);
    EXPECT_EQ(countCalls(F, "__rl_write4"), 1u) << Name;
    EXPECT_EQ(countCalls(F, "__rl_write_range"), 0u) << Name;
  }

  const Function &Unrolled = *M->getFunction("unrolled");
  EXPECT_EQ(singleChecks(Unrolled), 0u);
  auto W = callsTo(Unrolled, "__rl_write_range");
  ASSERT_EQ(W.size(), 1u);
  // 8 bytes an iteration: completed * 8 + 8.
  auto *Len = cast<BinaryOperator>(W[0]->getArgOperand(1));
  EXPECT_EQ(cast<ConstantInt>(Len->getOperand(1))->getZExtValue(), 8u);

  const Function &Cond = *M->getFunction("conditional");
  EXPECT_EQ(countCalls(Cond, "__rl_write4"), 1u);  // the store under the condition
  EXPECT_EQ(countCalls(Cond, "__rl_read4"), 0u);
  EXPECT_EQ(countCalls(Cond, "__rl_read_range"), 1u);

  const Function &Down = *M->getFunction("downwards");
  EXPECT_EQ(singleChecks(Down), 0u);
  auto D = callsTo(Down, "__rl_write_range");
  ASSERT_EQ(D.size(), 1u);
  // The range starts below the first address: start - completed * 4.
  auto *Addr = cast<IntToPtrInst>(D[0]->getArgOperand(0));
  auto *Sub = dyn_cast<BinaryOperator>(Addr->getOperand(0));
  ASSERT_TRUE(Sub);
  EXPECT_EQ(Sub->getOpcode(), Instruction::Sub);
}

// for (i = 0; i < n; i++) { if (a[i] == key) break; b[i] = 1; }
// The read of a[i] runs before the early exit, the write of b[i] after it.
const char *EarlyExit = R"IR(
  define i64 @find(ptr %a, ptr %b, i32 %key, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
    %pa = getelementptr inbounds i32, ptr %a, i64 %i
    %v = load i32, ptr %pa
    %found = icmp eq i32 %v, %key
    br i1 %found, label %out, label %body
  body:
    %pb = getelementptr inbounds i32, ptr %b, i64 %i
    store i32 1, ptr %pb
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %out, label %loop
  out:
    %r = phi i64 [ %i, %loop ], [ %n, %body ]
    ret i64 %r
  }
)IR";

TEST_F(LoopCoalescingTest, EarlyExitsCountOnlyTheIterationsThatRan) {
  auto M = run(EarlyExit);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("find");
  EXPECT_EQ(singleChecks(F), 0u) << toString(F);
  // Two exits, each with a read range and a write range.
  auto Reads = callsTo(F, "__rl_read_range");
  auto Writes = callsTo(F, "__rl_write_range");
  ASSERT_EQ(Reads.size(), 2u);
  ASSERT_EQ(Writes.size(), 2u);
  const BasicBlock *Header = block(F, "loop"), *Body = block(F, "body");
  for (const CallBase *W : Writes) {
    const BasicBlock *From = W->getParent()->getSinglePredecessor();
    if (From == Header) {
      // Left at the key: b[i] of this iteration was not written; completed iterations
      // only, and none at all when the key is a[0] (length 0).
      EXPECT_TRUE(isa<SelectInst>(W->getArgOperand(1))) << toString(F);
    } else {
      EXPECT_EQ(From, Body);
      EXPECT_TRUE(isa<BinaryOperator>(W->getArgOperand(1)));
    }
  }
  // The read ran in the last iteration on both exits: completed + 1 iterations.
  for (const CallBase *R : Reads)
    EXPECT_TRUE(isa<BinaryOperator>(R->getArgOperand(1)));
}

// Both the read and the write run before the early exit only partly: the write range of an
// exit between them covers the completed iterations, and the read of the last iteration,
// merged into the write range, is checked on its own.
const char *MergedReadEarlyExit = R"IR(
  define void @clear_until_zero(ptr %a, i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
    %p = getelementptr inbounds i32, ptr %a, i64 %i
    %v = load i32, ptr %p
    %zero = icmp eq i32 %v, 0
    br i1 %zero, label %out, label %body
  body:
    store i32 0, ptr %p
    %i.next = add nuw i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %out, label %loop
  out:
    ret void
  }
)IR";

TEST_F(LoopCoalescingTest, MergedReadOfAPartialIterationIsCheckedAlone) {
  auto M = run(MergedReadEarlyExit);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("clear_until_zero");
  EXPECT_EQ(countCalls(F, "__rl_read_range"), 0u);
  EXPECT_EQ(countCalls(F, "__rl_write_range"), 2u);
  // The only single check: the read of the iteration that left at the zero, on that exit.
  auto Reads = callsTo(F, "__rl_read4");
  ASSERT_EQ(Reads.size(), 1u) << toString(F);
  EXPECT_EQ(Reads[0]->getParent()->getSinglePredecessor(), block(F, "loop"));
  EXPECT_EQ(countCalls(F, "__rl_write4"), 0u);
}

TEST_F(LoopCoalescingTest, HelperSeesSynchronization) {
  auto M = parse(Shapes);
  ASSERT_TRUE(M);
  auto Check = [&](const char *Name) {
    Function &F = *M->getFunction(Name);
    DominatorTree DT(F);
    LoopInfo LI(DT);
    EXPECT_EQ(LI.getLoopsInPreorder().size(), 1u);
    return loopHasNoSynchronization(*LI.getLoopsInPreorder()[0]);
  };
  EXPECT_TRUE(Check("increment"));
  EXPECT_FALSE(Check("with_call"));
  EXPECT_FALSE(Check("with_atomic"));
  auto Reducible = [&](const char *Name) {
    Function &F = *M->getFunction(Name);
    DominatorTree DT(F);
    LoopInfo LI(DT);
    return isReducibleLoop(*LI.getLoopsInPreorder()[0], DT);
  };
  EXPECT_TRUE(Reducible("conditional"));
  EXPECT_FALSE(Reducible("irreducible"));
}

TEST_F(LoopCoalescingTest, StatisticsCountCoalescedAccesses) {
  uint64_t Accesses = statistic("NumCoalescedAccesses");
  uint64_t Loops = statistic("NumCoalescedLoops");
  uint64_t Ranges = statistic("NumCoalescedRanges");
  uint64_t Checks = statistic("NumCoalescedRangeChecks");
  auto M = run(Copy);
  ASSERT_TRUE(M);
  EXPECT_EQ(statistic("NumCoalescedAccesses") - Accesses, 2u);
  EXPECT_EQ(statistic("NumCoalescedLoops") - Loops, 1u);
  EXPECT_EQ(statistic("NumCoalescedRanges") - Ranges, 2u);
  EXPECT_EQ(statistic("NumCoalescedRangeChecks") - Checks, 2u);
}

// --- (g) Thread-local heap objects ------------------------------------------------------

const char *Heap = R"IR(
  @slot = global ptr null
  declare noalias ptr @malloc(i64)
  declare void @free(ptr)
  declare noalias ptr @_Znwm(i64)
  declare void @_ZdlPv(ptr)
  declare void @use(ptr)
  declare void @use_nocapture(ptr nocapture)
  ; malloc'ed, used, freed: no check
  define i32 @local(i32 %x) {
    %p = call ptr @malloc(i64 8)
    store i32 %x, ptr %p
    %q = getelementptr inbounds i32, ptr %p, i64 1
    store i32 %x, ptr %q
    %v = load i32, ptr %q
    call void @free(ptr %p)
    ret i32 %v
  }
  ; new and delete (delete is not `nocapture` in LLVM's eyes)
  define i32 @local_new(i32 %x) {
    %p = call ptr @_Znwm(i64 4)
    store i32 %x, ptr %p
    %v = load i32, ptr %p
    call void @_ZdlPv(ptr %p)
    ret i32 %v
  }
  ; published in a global
  define void @published(i32 %x) {
    %p = call ptr @malloc(i64 4)
    store i32 %x, ptr %p
    store ptr %p, ptr @slot
    ret void
  }
  ; handed to a function, even a nocapture one
  define void @passed(i32 %x) {
    %p = call ptr @malloc(i64 4)
    store i32 %x, ptr %p
    call void @use_nocapture(ptr %p)
    ret void
  }
  ; returned
  define ptr @returned(i32 %x) {
    %p = call ptr @malloc(i64 4)
    store i32 %x, ptr %p
    ret ptr %p
  }
  ; a use after free keeps its check (the allocator may have given the bytes to another
  ; thread); the accesses before the free do not
  define i32 @use_after_free(i32 %x) {
    %p = call ptr @malloc(i64 4)
    store i32 %x, ptr %p
    call void @free(ptr %p)
    %v = load i32, ptr %p
    ret i32 %v
  }
  ; a block per iteration, freed at its end: the next iteration's accesses are to the
  ; next block
  define void @per_iteration(i64 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = call ptr @malloc(i64 8)
    store i64 %i, ptr %p
    call void @free(ptr %p)
    %i.next = add i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; freed in one iteration, accessed through a PHI in the next: the old block
  define void @old_block_through_phi(i64 %n) {
  entry:
    %first = call ptr @malloc(i64 8)
    br label %loop
  loop:
    %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
    %p = phi ptr [ %first, %entry ], [ %first, %loop ]
    store i64 %i, ptr %p
    call void @free(ptr %p)
    %i.next = add i64 %i, 1
    %done = icmp eq i64 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
)IR";

TEST_F(ThreadLocalHeapTest, BlocksThatDoNotEscapeAreNotInstrumented) {
  uint64_t Elided = statistic("NumElidedThreadLocalHeap");
  auto M = run(Heap);
  ASSERT_TRUE(M);
  EXPECT_EQ(singleChecks(*M->getFunction("local")), 0u);
  EXPECT_EQ(singleChecks(*M->getFunction("local_new")), 0u);
  EXPECT_EQ(singleChecks(*M->getFunction("per_iteration")), 0u);
  EXPECT_EQ(countCalls(*M->getFunction("published"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("passed"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("returned"), "__rl_write4"), 1u);
  const Function &UAF = *M->getFunction("use_after_free");
  EXPECT_EQ(countCalls(UAF, "__rl_write4"), 0u);
  EXPECT_EQ(countCalls(UAF, "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("old_block_through_phi"), "__rl_write8"), 1u);
  // local: 3 accesses; local_new: 2; per_iteration: 1; use_after_free: 1.
  EXPECT_EQ(statistic("NumElidedThreadLocalHeap") - Elided, 7u);
}

TEST_F(ThreadLocalHeapTest, SwitchOff) {
  RacelightOptions O;
  O.ElideThreadLocalHeap = false;
  O.ElideRedundantAccesses = false;
  auto M = run(Heap, O);
  ASSERT_TRUE(M);
  EXPECT_EQ(singleChecks(*M->getFunction("local")), 3u);
  EXPECT_EQ(singleChecks(*M->getFunction("local_new")), 2u);
}

TEST_F(ThreadLocalHeapTest, HelperRecognizesAllocations) {
  auto M = parse(Heap);
  ASSERT_TRUE(M);
  auto FirstCall = [&](const char *Name) -> const CallBase & {
    for (const Instruction &I : instructions(*M->getFunction(Name)))
      if (const auto *CB = dyn_cast<CallBase>(&I))
        return *CB;
    ADD_FAILURE() << Name;
    return *static_cast<const CallBase *>(nullptr);
  };
  EXPECT_TRUE(isThreadLocalHeapAllocation(FirstCall("local")));
  EXPECT_TRUE(isThreadLocalHeapAllocation(FirstCall("local_new")));
  EXPECT_FALSE(isThreadLocalHeapAllocation(FirstCall("published")));
  EXPECT_FALSE(isThreadLocalHeapAllocation(FirstCall("passed")));
  EXPECT_FALSE(isThreadLocalHeapAllocation(FirstCall("returned")));
  EXPECT_TRUE(isHeapAllocationCall(FirstCall("local")));
}

}  // namespace
