// Unit tests of the Racelight pass: the elisions (docs/instrumentation.md, "Elisions").
#include "PassTestUtil.h"

#include "Elisions.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace racelight;
using namespace racelight::test;

namespace {

using ElisionTest = PassTest;

unsigned accessCalls(const Function &F) {
  unsigned N = 0;
  for (const char *C : {"__rl_read4", "__rl_write4", "__rl_read8", "__rl_write8",
                        "__rl_read_range", "__rl_write_range"})
    N += countCalls(F, C);
  return N;
}

// The -O0 shape of `int f(int a) { int x = a; return x; }` plus a global access so the
// function is not a leaf without accesses.
const char *LocalOnly = R"IR(
  @g = global i32 0
  define i32 @f(i32 %a) {
    %x = alloca i32
    store i32 %a, ptr %x
    %v = load i32, ptr %x
    store i32 %v, ptr @g
    ret i32 %v
  })IR";

TEST_F(ElisionTest, NonEscapingAllocaIsNotInstrumented) {
  auto M = run(LocalOnly);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read4"), 0u);
  ASSERT_EQ(countCalls(F, "__rl_write4"), 1u);
  EXPECT_EQ(callsTo(F, "__rl_write4")[0]->getArgOperand(0), M->getNamedGlobal("g"));
}

TEST_F(ElisionTest, NonEscapingAllocaSwitchOff) {
  RacelightOptions O;
  O.ElideNonEscapingAllocas = false;
  O.ElideRedundantAccesses = false;  // the load re-reads the bytes just stored: rule (e)
  auto M = run(LocalOnly, O);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write4"), 2u);
}

TEST_F(ElisionTest, EscapingAllocasAreInstrumented) {
  auto M = run(R"IR(
    @slot = global ptr null
    declare i32 @pthread_create(ptr, ptr, ptr, ptr)
    declare void @worker()
    declare void @use_nocapture(ptr nocapture)
    define void @stored() {
      %x = alloca i32
      store ptr %x, ptr @slot          ; published in a global
      store i32 1, ptr %x
      ret void
    }
    define void @passed() {
      %t = alloca i64
      %x = alloca i32
      store i32 1, ptr %x
      %r = call i32 @pthread_create(ptr %t, ptr null, ptr @worker, ptr %x)
      %v = load i32, ptr %x
      ret void
    }
    define void @nocapture_call() {
      %x = alloca [4 x i32]
      %e = getelementptr [4 x i32], ptr %x, i64 0, i64 2
      store i32 1, ptr %e
      ; nocapture does not stop the callee from sharing it with a thread it joins
      call void @use_nocapture(ptr %x)
      ret void
    }
    define ptr @returned() {
      %x = alloca i32
      store i32 1, ptr %x
      ret ptr %x
    }
    define void @through_phi(i1 %c, ptr %other) {
    entry:
      %x = alloca i32
      br i1 %c, label %a, label %b
    a:
      br label %b
    b:
      %p = phi ptr [ %x, %entry ], [ %other, %a ]
      store i32 1, ptr %p
      ret void
    })IR");
  ASSERT_TRUE(M);
  EXPECT_EQ(countCalls(*M->getFunction("stored"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("passed"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("passed"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("nocapture_call"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("returned"), "__rl_write4"), 1u);
  // One of the possible objects is not an alloca.
  EXPECT_EQ(countCalls(*M->getFunction("through_phi"), "__rl_write4"), 1u);
}

TEST_F(ElisionTest, AllocaUsedByMemcpyAndLifetimeStaysLocal) {
  auto M = run(R"IR(
    @gbig = global [24 x i8] zeroinitializer
    @init = private constant [24 x i8] c"abcdefghijklmnopqrstuvw\00"
    declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
    declare void @llvm.lifetime.start.p0(i64, ptr)
    define void @f() {
      %local = alloca [24 x i8]
      call void @llvm.lifetime.start.p0(i64 24, ptr %local)
      call void @llvm.memcpy.p0.p0.i64(ptr %local, ptr @init, i64 24, i1 false)
      call void @llvm.memcpy.p0.p0.i64(ptr @gbig, ptr %local, i64 24, i1 false)
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  // Only the write of @gbig remains: the local copy is private, @init is read-only.
  EXPECT_EQ(countCalls(F, "__rl_read_range"), 0u) << toString(F);
  ASSERT_EQ(countCalls(F, "__rl_write_range"), 1u);
  EXPECT_EQ(callsTo(F, "__rl_write_range")[0]->getArgOperand(0), M->getNamedGlobal("gbig"));
}

const char *ReadOnly = R"IR(
  @table = constant [4 x i32] [i32 1, i32 2, i32 3, i32 4]
  @.str = private unnamed_addr constant [6 x i8] c"hello\00"
  @mutable = global [4 x i32] zeroinitializer
  define i32 @f(i64 %i, ptr %vtable) {
    %p = getelementptr [4 x i32], ptr @table, i64 0, i64 %i
    %a = load i32, ptr %p
    %c = load i8, ptr @.str
    %fn = load ptr, ptr %vtable, !invariant.load !0
    %q = getelementptr [4 x i32], ptr @mutable, i64 0, i64 %i
    %b = load i32, ptr %q
    %s = add i32 %a, %b
    ret i32 %s
  }
  !0 = !{})IR";

TEST_F(ElisionTest, ReadOnlyMemoryLoadsAreNotInstrumented) {
  auto M = run(ReadOnly);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read1"), 0u);
  EXPECT_EQ(countCalls(F, "__rl_read8"), 0u);  // the !invariant.load
  auto Reads = callsTo(F, "__rl_read4");
  ASSERT_EQ(Reads.size(), 1u);  // only @mutable
  auto *GEP = dyn_cast<GetElementPtrInst>(Reads[0]->getArgOperand(0));
  ASSERT_TRUE(GEP);
  EXPECT_EQ(GEP->getPointerOperand(), M->getNamedGlobal("mutable"));
}

TEST_F(ElisionTest, ReadOnlySwitchOff) {
  RacelightOptions O;
  O.ElideReadOnlyLoads = false;
  auto M = run(ReadOnly, O);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read4"), 2u);
  EXPECT_EQ(countCalls(F, "__rl_read1"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_read8"), 1u);
}

TEST_F(ElisionTest, VtablePointerLoadsAreStillInstrumented) {
  // The vptr of an object is written by constructors and destructors: not read-only.
  auto M = run(R"IR(
    define ptr @f(ptr %obj) {
      %vptr = load ptr, ptr %obj, !tbaa !0
      ret ptr %vptr
    }
    !0 = !{!1, !1, i64 0}
    !1 = !{!"vtable pointer", !2, i64 0}
    !2 = !{!"Simple C++ TBAA"})IR");
  ASSERT_TRUE(M);
  EXPECT_EQ(countCalls(*M->getFunction("f"), "__rl_read8"), 1u);
}

TEST_F(ElisionTest, RacelightOwnGlobals) {
  // An access to a table of an already-instrumented module linked in (or to any __rl_
  // global) is the runtime's business.
  const char *IR = R"IR(
    @__rl_site = private global { ptr, ptr, i32, i32, i32, i32 } zeroinitializer
    @g = global i32 0
    define i32 @f() {
      %id = getelementptr inbounds i8, ptr @__rl_site, i64 24
      %v = load i32, ptr %id
      store i32 %v, ptr @g
      ret i32 %v
    })IR";
  auto M = run(IR);
  ASSERT_TRUE(M);
  EXPECT_EQ(countCalls(*M->getFunction("f"), "__rl_read4"), 0u);
  EXPECT_EQ(countCalls(*M->getFunction("f"), "__rl_write4"), 1u);

  RacelightOptions O;
  O.ElideOwnGlobals = false;
  auto M2 = run(IR, O);
  ASSERT_TRUE(M2);
  EXPECT_EQ(countCalls(*M2->getFunction("f"), "__rl_read4"), 1u);
}

const char *Leaf = R"IR(
  declare void @g()
  define i32 @square(i32 %x) {
    %y = alloca i32
    %m = mul i32 %x, %x
    store i32 %m, ptr %y
    %r = load i32, ptr %y
    ret i32 %r
  }
  define void @caller() nounwind {
    call void @g()
    ret void
  })IR";

TEST_F(ElisionTest, LeafWithoutAccessesHasNoFrame) {
  auto M = run(Leaf);
  ASSERT_TRUE(M);
  const Function &Sq = *M->getFunction("square");
  EXPECT_EQ(countCalls(Sq, "__rl_func_entry"), 0u);
  EXPECT_EQ(countCalls(Sq, "__rl_func_exit"), 0u);
  EXPECT_EQ(accessCalls(Sq), 0u);
  // A function that calls something keeps its frame even without accesses.
  const Function &Caller = *M->getFunction("caller");
  EXPECT_EQ(countCalls(Caller, "__rl_func_entry"), 1u);
  EXPECT_EQ(countCalls(Caller, "__rl_func_exit"), 1u);
}

TEST_F(ElisionTest, LeafSwitchOff) {
  RacelightOptions O;
  O.ElideLeafFunctions = false;
  auto M = run(Leaf, O);
  ASSERT_TRUE(M);
  const Function &Sq = *M->getFunction("square");
  EXPECT_EQ(countCalls(Sq, "__rl_func_entry"), 1u);
  EXPECT_EQ(countCalls(Sq, "__rl_func_exit"), 1u);
}

TEST_F(ElisionTest, LeafWithAnAccessKeepsItsFrame) {
  auto M = run(R"IR(
    @g = global i32 0
    define i32 @f() {
      %v = load i32, ptr @g
      ret i32 %v
    })IR");
  ASSERT_TRUE(M);
  EXPECT_EQ(countCalls(*M->getFunction("f"), "__rl_func_entry"), 1u);
}

TEST_F(ElisionTest, HelpersAreUsableAlone) {
  auto M = parse(R"IR(
    declare void @ext(ptr)
    define void @f() {
      %a = alloca i32
      %b = alloca i32
      store i32 0, ptr %a
      call void @ext(ptr %b)
      ret void
    })IR");
  ASSERT_TRUE(M);
  auto It = M->getFunction("f")->getEntryBlock().begin();
  auto *A = cast<AllocaInst>(&*It++);
  auto *B = cast<AllocaInst>(&*It);
  EXPECT_TRUE(isNonEscapingAlloca(*A));
  EXPECT_FALSE(isNonEscapingAlloca(*B));
  EXPECT_TRUE(isUninterestingLeafFunction(false, false));
  EXPECT_FALSE(isUninterestingLeafFunction(true, false));
  EXPECT_FALSE(isUninterestingLeafFunction(false, true));
}

TEST_F(ElisionTest, StatisticsCountTheElisions) {
  auto Value = [](StringRef Name) -> uint64_t {
    for (const auto &[N, V] : GetStatistics())
      if (N == Name)
        return V;
    return 0;
  };
  uint64_t Allocas = Value("NumElidedNonEscapingAlloca");
  uint64_t ReadOnlyLoads = Value("NumElidedReadOnly");
  auto M1 = run(LocalOnly);
  auto M2 = run(ReadOnly);
  ASSERT_TRUE(M1 && M2);
  EXPECT_EQ(Value("NumElidedNonEscapingAlloca") - Allocas, 2u);
  EXPECT_EQ(Value("NumElidedReadOnly") - ReadOnlyLoads, 3u);
}


// --- (e) Redundant checks --------------------------------------------------------------

unsigned readCalls(const Function &F) {
  return countCalls(F, "__rl_read4") + countCalls(F, "__rl_read8");
}
unsigned writeCalls(const Function &F) {
  return countCalls(F, "__rl_write4") + countCalls(F, "__rl_write8");
}

const char *Redundant = R"IR(
  @g = global i32 0
  @h = global i32 0
  @s = global i64 0
  @a = global [16 x i32] zeroinitializer
  declare void @ext()
  declare double @llvm.fabs.f64(double)
  declare void @llvm.lifetime.start.p0(i64, ptr)
  declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

  ; write, read, write of one variable in one block: only the first is checked
  define void @same_block() {
    store i32 1, ptr @g
    %v = load i32, ptr @g
    %w = add i32 %v, 1
    store i32 %w, ptr @g
    ret void
  }
  ; the earlier read is in a dominating block, both arms of the diamond are free of calls
  define i32 @dominated(i1 %c) {
  entry:
    %v = load i32, ptr @g
    br i1 %c, label %a, label %b
  a:
    store i32 1, ptr @h
    br label %m
  b:
    br label %m
  m:
    %w = load i32, ptr @g
    ret i32 %w
  }
  ; a loop that makes no call, after the first read: the reads in the loop are covered
  define i32 @loop_without_calls(i32 %n) {
  entry:
    %first = load i32, ptr @g
    br label %loop
  loop:
    %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
    %v = load i32, ptr @g
    store i32 %i, ptr @h
    %i.next = add i32 %i, 1
    %done = icmp eq i32 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret i32 %v
  }
  ; an 8-byte write covers a read of its upper half (same base, constant offsets)
  define i32 @subset() {
    store i64 0, ptr @s
    %hi = getelementptr inbounds i8, ptr @s, i64 4
    %v = load i32, ptr %hi
    ret i32 %v
  }
  ; the same computed address (one SSA value) twice
  define i32 @same_dynamic_index(i64 %i) {
    %p = getelementptr inbounds [16 x i32], ptr @a, i64 0, i64 %i
    store i32 1, ptr %p
    %v = load i32, ptr %p
    ret i32 %v
  }
  ; intrinsics that do not synchronize, and a memcpy (an access, not a synchronization)
  define double @harmless_intrinsics(double %x, ptr %dst, ptr %src) {
    store i32 1, ptr @g
    %y = call double @llvm.fabs.f64(double %x)
    call void @llvm.lifetime.start.p0(i64 4, ptr %dst)
    call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 8, i1 false)
    %v = load i32, ptr @g
    ret double %y
  })IR";

TEST_F(ElisionTest, RedundantChecksAreNotInstrumented) {
  auto M = run(Redundant);
  ASSERT_TRUE(M);
  const Function &SameBlock = *M->getFunction("same_block");
  EXPECT_EQ(writeCalls(SameBlock), 1u) << toString(SameBlock);
  EXPECT_EQ(readCalls(SameBlock), 0u);
  // The check that stays is the first access's, with its site.
  std::vector<std::string> T = withoutFrame(trace(SameBlock));
  EXPECT_EQ(T, (std::vector<std::string>{"call:__rl_write4", "store", "load", "add", "store",
                                         "ret"}));

  const Function &Dominated = *M->getFunction("dominated");
  EXPECT_EQ(readCalls(Dominated), 1u) << toString(Dominated);
  EXPECT_EQ(writeCalls(Dominated), 1u);  // @h
  ASSERT_EQ(callsTo(Dominated, "__rl_read4").size(), 1u);
  EXPECT_EQ(callsTo(Dominated, "__rl_read4")[0]->getParent(), &Dominated.getEntryBlock());

  const Function &Loop = *M->getFunction("loop_without_calls");
  EXPECT_EQ(countCalls(Loop, "__rl_read4"), 1u) << toString(Loop);
  // The store of @h in the loop is its first access: it stays (each iteration writes the
  // same bytes, but it is its own earlier access only around the back edge).
  EXPECT_EQ(countCalls(Loop, "__rl_write4"), 1u);

  const Function &Subset = *M->getFunction("subset");
  EXPECT_EQ(countCalls(Subset, "__rl_write8"), 1u);
  EXPECT_EQ(countCalls(Subset, "__rl_read4"), 0u) << toString(Subset);

  const Function &Dynamic = *M->getFunction("same_dynamic_index");
  EXPECT_EQ(countCalls(Dynamic, "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(Dynamic, "__rl_read4"), 0u) << toString(Dynamic);

  const Function &Intrinsics = *M->getFunction("harmless_intrinsics");
  EXPECT_EQ(countCalls(Intrinsics, "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(Intrinsics, "__rl_read4"), 0u) << toString(Intrinsics);
}

TEST_F(ElisionTest, RedundantSwitchOff) {
  RacelightOptions O;
  O.ElideRedundantAccesses = false;
  O.ElideReadsBeforeWrites = false;  // same_block's read would go to rule (h)
  auto M = run(Redundant, O);
  ASSERT_TRUE(M);
  EXPECT_EQ(writeCalls(*M->getFunction("same_block")), 2u);
  EXPECT_EQ(readCalls(*M->getFunction("same_block")), 1u);
  EXPECT_EQ(readCalls(*M->getFunction("dominated")), 2u);
  EXPECT_EQ(readCalls(*M->getFunction("loop_without_calls")), 2u);
  EXPECT_EQ(readCalls(*M->getFunction("subset")), 1u);
  EXPECT_EQ(readCalls(*M->getFunction("harmless_intrinsics")), 1u);
}

// Every function reads or writes @g twice (first, then second); the second check must stay.
const char *NotRedundant = R"IR(
  @g = global i32 0
  @h = global i32 0
  @a = global [16 x i32] zeroinitializer
  declare void @ext()
  declare i64 @llvm.readcyclecounter()

  define i32 @call_between() {
    %v = load i32, ptr @g
    call void @ext()
    %w = load i32, ptr @g
    ret i32 %w
  }
  define i32 @atomic_between() {
    %v = load i32, ptr @g
    %old = atomicrmw add ptr @h, i32 1 monotonic
    %w = load i32, ptr @g
    ret i32 %w
  }
  define i32 @atomic_load_between() {
    %v = load i32, ptr @g
    %f = load atomic i32, ptr @h acquire, align 4
    %w = load i32, ptr @g
    ret i32 %w
  }
  define i32 @fence_between() {
    %v = load i32, ptr @g
    fence acquire
    %w = load i32, ptr @g
    ret i32 %w
  }
  define i32 @asm_between() {
    %v = load i32, ptr @g
    call void asm sideeffect "", "~{memory}"()
    %w = load i32, ptr @g
    ret i32 %w
  }
  ; the call is on one arm of a diamond
  define i32 @call_on_one_path(i1 %c) {
  entry:
    %v = load i32, ptr @g
    br i1 %c, label %a, label %m
  a:
    call void @ext()
    br label %m
  m:
    %w = load i32, ptr @g
    ret i32 %w
  }
  ; the call is after the second read, in its own block, which loops back to it
  define void @loop_back_edge_with_call(i32 %n) {
  entry:
    %v = load i32, ptr @g
    br label %loop
  loop:
    %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
    %w = load i32, ptr @g
    call void @ext()
    %i.next = add i32 %i, 1
    %done = icmp eq i32 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; the same, the call in the latch block
  define void @loop_latch_with_call(i32 %n) {
  entry:
    %v = load i32, ptr @g
    br label %loop
  loop:
    %i = phi i32 [ 0, %entry ], [ %i.next, %latch ]
    %w = load i32, ptr @g
    br label %latch
  latch:
    call void @ext()
    %i.next = add i32 %i, 1
    %done = icmp eq i32 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; the second access is larger (8 bytes after 4)
  define i64 @larger() {
    %v = load i32, ptr @g
    %w = load i64, ptr @a
    %x = load i32, ptr @a
    %y = load i64, ptr @a
    ret i64 %w
  }
  ; overlapping but not contained
  define i32 @partial_overlap() {
    %v = load i64, ptr @a
    %p = getelementptr inbounds i8, ptr @a, i64 4
    %w = load i64, ptr %p
    ret i32 0
  }
  ; a read does not cover a write
  define void @read_then_write() {
    %v = load i32, ptr @g
    %w = add i32 %v, 1
    store i32 %w, ptr @g
    ret void
  }
  ; the earlier access is on one path only
  define i32 @bypassed(i1 %c) {
  entry:
    br i1 %c, label %a, label %m
  a:
    store i32 1, ptr @g
    br label %m
  m:
    %w = load i32, ptr @g
    ret i32 %w
  }
  ; different computed addresses
  define i32 @different_index(i64 %i, i64 %j) {
    %p = getelementptr inbounds [16 x i32], ptr @a, i64 0, i64 %i
    %q = getelementptr inbounds [16 x i32], ptr @a, i64 0, i64 %j
    store i32 1, ptr %p
    %v = load i32, ptr %q
    ret i32 %v
  }
  ; an atomic store is never the earlier access
  define i32 @after_atomic() {
    store atomic i32 1, ptr @g release, align 4
    %w = load i32, ptr @g
    ret i32 %w
  }
  ; the earlier access is later in the block, before the back edge: it does not dominate
  define void @later_in_loop(i32 %n) {
  entry:
    br label %loop
  loop:
    %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
    %w = load i32, ptr @g
    call void @ext()
    store i32 %i, ptr @g
    %i.next = add i32 %i, 1
    %done = icmp eq i32 %i.next, %n
    br i1 %done, label %exit, label %loop
  exit:
    ret void
  }
  ; an intrinsic not known to be free of synchronization counts as one
  define i32 @unknown_intrinsic() {
    %v = load i32, ptr @g
    %t = call i64 @llvm.readcyclecounter()
    %w = load i32, ptr @g
    ret i32 %w
  })IR";

TEST_F(ElisionTest, ChecksAcrossSynchronizationOrOfOtherBytesStay) {
  RacelightOptions O;
  O.ElideReadsBeforeWrites = false;  // rule (h) would drop read_then_write's read
  auto M = run(NotRedundant, O);
  ASSERT_TRUE(M);
  for (const char *Name : {"call_between", "atomic_between", "atomic_load_between",
                           "fence_between", "asm_between", "call_on_one_path",
                           "loop_back_edge_with_call", "loop_latch_with_call"}) {
    const Function &F = *M->getFunction(Name);
    EXPECT_EQ(countCalls(F, "__rl_read4"), 2u) << toString(F);
  }
  const Function &Larger = *M->getFunction("larger");
  EXPECT_EQ(countCalls(Larger, "__rl_read4"), 1u) << toString(Larger);  // @a's i32: covered
  EXPECT_EQ(countCalls(Larger, "__rl_read8"), 1u);  // the first i64; the second is covered
  EXPECT_EQ(countCalls(*M->getFunction("partial_overlap"), "__rl_read8"), 2u);
  EXPECT_EQ(countCalls(*M->getFunction("read_then_write"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("read_then_write"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("bypassed"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("different_index"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("after_atomic"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("later_in_loop"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("later_in_loop"), "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("unknown_intrinsic"), "__rl_read4"), 2u);
}

// --- (h) Reads before writes ---------------------------------------------------------

// In each function, a read of @g (or of bytes of it) then a later access.
const char *ReadsBeforeWrites = R"IR(
  @g = global i32 0
  @h = global i32 0
  @s = global i64 0
  @a = global [16 x i32] zeroinitializer
  declare void @ext()
  declare void @exit_never_returns() noreturn
  declare double @llvm.fabs.f64(double)

  ; `g += 1`: the read goes, the write stays
  define void @increment() {
    %v = load i32, ptr @g
    %w = add i32 %v, 1
    store i32 %w, ptr @g
    ret void
  }
  ; the write covers a read of the upper half (same base, constant offsets), with another
  ; access and a harmless intrinsic between
  define double @wider_write_later(double %x) {
    %hi = getelementptr inbounds i8, ptr @s, i64 4
    %v = load i32, ptr %hi
    store i32 %v, ptr @h
    %y = call double @llvm.fabs.f64(double %x)
    store i64 0, ptr @s
    ret double %y
  }
  ; the same computed address (one SSA value)
  define void @dynamic_index(i64 %i) {
    %p = getelementptr inbounds [16 x i32], ptr @a, i64 0, i64 %i
    %v = load i32, ptr %p
    %w = mul i32 %v, 3
    store i32 %w, ptr %p
    ret void
  }
)IR";

// Every function reads @g (or part of @s) and then writes; the read's check must stay.
const char *ReadsNotCoveredByWrites = R"IR(
  @g = global i32 0
  @h = global i32 0
  @s = global i64 0
  @a = global [16 x i32] zeroinitializer
  declare void @ext()

  define void @call_between() {
    %v = load i32, ptr @g
    call void @ext()
    store i32 %v, ptr @g
    ret void
  }
  define void @atomic_between() {
    %v = load i32, ptr @g
    %old = atomicrmw add ptr @h, i32 1 monotonic
    store i32 %v, ptr @g
    ret void
  }
  define void @fence_between() {
    %v = load i32, ptr @g
    fence release
    store i32 %v, ptr @g
    ret void
  }
  ; the write is in another block, on one path only
  define void @write_on_one_path(i1 %c) {
  entry:
    %v = load i32, ptr @g
    br i1 %c, label %a, label %m
  a:
    store i32 %v, ptr @g
    br label %m
  m:
    ret void
  }
  ; the write is narrower than the read
  define void @narrower_write() {
    %v = load i64, ptr @s
    store i32 0, ptr @s
    ret void
  }
  ; another address: other bytes of the same object, another index
  define void @other_bytes(i64 %i, i64 %j) {
    %hi = getelementptr inbounds i8, ptr @s, i64 4
    %v = load i32, ptr @s
    store i32 %v, ptr %hi
    %p = getelementptr inbounds [16 x i32], ptr @a, i64 0, i64 %i
    %q = getelementptr inbounds [16 x i32], ptr @a, i64 0, i64 %j
    %x = load i32, ptr %p
    store i32 %x, ptr %q
    ret void
  }
  ; the write comes first: that is rule (e)'s business, not (h)'s (a read does not cover
  ; a write), and a write before a read covers nothing here either with (e) off
  define void @write_then_read() {
    store i32 1, ptr @h
    %v = load i32, ptr @g
    ret void
  }
  ; volatile reads and writes keep their checks
  define void @volatile_read() {
    %v = load volatile i32, ptr @g
    store i32 %v, ptr @g
    ret void
  }
)IR";

TEST_F(ElisionTest, ReadsBeforeCoveringWritesAreNotInstrumented) {
  uint64_t Before = statistic("NumElidedReadBeforeWrite");
  auto M = run(ReadsBeforeWrites);
  ASSERT_TRUE(M);
  const Function &Inc = *M->getFunction("increment");
  EXPECT_EQ(countCalls(Inc, "__rl_read4"), 0u) << toString(Inc);
  EXPECT_EQ(countCalls(Inc, "__rl_write4"), 1u);
  const Function &Wider = *M->getFunction("wider_write_later");
  EXPECT_EQ(countCalls(Wider, "__rl_read4"), 0u) << toString(Wider);
  EXPECT_EQ(countCalls(Wider, "__rl_write4"), 1u);  // @h
  EXPECT_EQ(countCalls(Wider, "__rl_write8"), 1u);  // @s
  const Function &Dynamic = *M->getFunction("dynamic_index");
  EXPECT_EQ(countCalls(Dynamic, "__rl_read4"), 0u) << toString(Dynamic);
  EXPECT_EQ(countCalls(Dynamic, "__rl_write4"), 1u);
  EXPECT_EQ(statistic("NumElidedReadBeforeWrite") - Before, 3u);
}

TEST_F(ElisionTest, ReadsBeforeWritesSwitchOff) {
  RacelightOptions O;
  O.ElideReadsBeforeWrites = false;
  auto M = run(ReadsBeforeWrites, O);
  ASSERT_TRUE(M);
  EXPECT_EQ(countCalls(*M->getFunction("increment"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("wider_write_later"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("dynamic_index"), "__rl_read4"), 1u);
}

TEST_F(ElisionTest, ReadsNotCoveredByALaterWriteKeepTheirChecks) {
  RacelightOptions O;
  O.ElideRedundantAccesses = false;  // keep (e) out of the picture
  auto M = run(ReadsNotCoveredByWrites, O);
  ASSERT_TRUE(M);
  for (const char *Name : {"call_between", "atomic_between", "fence_between",
                           "write_on_one_path", "write_then_read", "volatile_read"}) {
    const Function &F = *M->getFunction(Name);
    EXPECT_EQ(countCalls(F, "__rl_read4"), 1u) << Name << toString(F);
  }
  EXPECT_EQ(countCalls(*M->getFunction("narrower_write"), "__rl_read8"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("other_bytes"), "__rl_read4"), 2u);
}

// The helper alone, on the accesses of a block: which later write covers which read.
TEST_F(ElisionTest, ReadBeforeWriteHelperNamesTheCoveringWrite) {
  auto M = parse(R"IR(
    @g = global i32 0
    @h = global i32 0
    declare void @ext()
    define void @f() {
      %a = load i32, ptr @g
      %b = load i32, ptr @h
      store i32 %a, ptr @g
      call void @ext()
      store i32 %b, ptr @h
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  SmallVector<PlainAccessInfo, 4> Accesses;
  for (const Instruction &I : instructions(F)) {
    if (const auto *L = dyn_cast<LoadInst>(&I))
      Accesses.push_back({L, L->getPointerOperand(), 4, false});
    else if (const auto *S = dyn_cast<StoreInst>(&I))
      Accesses.push_back({S, S->getPointerOperand(), 4, true});
  }
  ASSERT_EQ(Accesses.size(), 4u);
  SmallVector<int, 32> Covering = findReadsCoveredByLaterWrites(F, Accesses);
  EXPECT_EQ(Covering[0], 2);   // read of @g: the store of @g, no call between
  EXPECT_EQ(Covering[1], -1);  // read of @h: the call comes before its store
  EXPECT_EQ(Covering[2], -1);  // writes are never covered by this rule
  EXPECT_EQ(Covering[3], -1);
}

TEST_F(ElisionTest, RedundancyHelpersAreUsableAlone) {
  auto M = parse(R"IR(
    @g = global i32 0
    declare void @ext()
    declare double @llvm.fabs.f64(double)
    define void @f(i1 %c, double %x) {
    entry:
      store i32 1, ptr @g
      %v = load i32, ptr @g
      %y = call double @llvm.fabs.f64(double %x)
      br i1 %c, label %a, label %b
    a:
      %w = load i32, ptr @g
      call void @ext()
      br label %b
    b:
      %z = load i32, ptr @g
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  std::vector<const Instruction *> I;
  for (const Instruction &Inst : instructions(F))
    I.push_back(&Inst);
  const Value *G = M->getNamedGlobal("g");
  // store, load, fabs, br, load (a), call, br, load (b), ret
  EXPECT_FALSE(isSynchronizationPoint(*I[0]));
  EXPECT_FALSE(isSynchronizationPoint(*I[2]));
  EXPECT_TRUE(isSynchronizationPoint(*I[5]));
  std::vector<PlainAccessInfo> Accesses{
      {I[7], G, 4, false}, {I[4], G, 4, false}, {I[1], G, 4, false}, {I[0], G, 4, true}};
  SmallVector<int, 32> Covering = findRedundantAccesses(F, Accesses);
  ASSERT_EQ(Covering.size(), 4u);
  EXPECT_EQ(Covering[0], -1);  // (b): the path through (a) has the call
  EXPECT_EQ(Covering[1], 2);   // (a): the nearest, the load of entry
  EXPECT_EQ(Covering[2], 3);   // the load after the store
  EXPECT_EQ(Covering[3], -1);  // the first
}

TEST_F(ElisionTest, StatisticsCountRedundantChecks) {
  auto Value = [](StringRef Name) -> uint64_t {
    for (const auto &[N, V] : GetStatistics())
      if (N == Name)
        return V;
    return 0;
  };
  uint64_t Before = Value("NumElidedRedundant");
  uint64_t AcrossBefore = Value("NumElidedRedundantAcrossBlocks");
  auto M = run(Redundant);
  ASSERT_TRUE(M);
  // same_block 2, dominated 1, loop 1, subset 1, dynamic 1, intrinsics 1
  EXPECT_EQ(Value("NumElidedRedundant") - Before, 7u);
  EXPECT_EQ(Value("NumElidedRedundantAcrossBlocks") - AcrossBefore, 2u);
}

}  // namespace
