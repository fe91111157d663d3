// Unit tests of the Racelight pass: the elisions (docs/instrumentation.md, "Elisions").
#include "PassTestUtil.h"

#include "Elisions.h"

#include "llvm/ADT/Statistic.h"
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

}  // namespace
