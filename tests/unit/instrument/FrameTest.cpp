// Unit tests of the Racelight pass: __rl_func_entry/__rl_func_exit, exception unwinding,
// musttail calls and the call-site stores into the frame slot.
#include "PassTestUtil.h"

#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

using namespace llvm;
using namespace racelight;
using namespace racelight::test;

namespace {

using FrameTest = PassTest;

TEST_F(FrameTest, EntryFirstAndExitBeforeEveryReturn) {
  auto M = run(R"IR(
    @g = global i32 0
    define i32 @f(i1 %c) {
    entry:
      %x = alloca i32
      br i1 %c, label %a, label %b
    a:
      %v = load i32, ptr @g
      ret i32 %v
    b:
      store i32 1, ptr @g
      ret i32 0
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  auto Entries = callsTo(F, "__rl_func_entry");
  ASSERT_EQ(Entries.size(), 1u);
  // In the entry block, after the static allocas, before anything else.
  const BasicBlock &Entry = F.getEntryBlock();
  EXPECT_EQ(Entries[0]->getParent(), &Entry);
  EXPECT_TRUE(isa<AllocaInst>(Entries[0]->getPrevNode()));
  // Its argument is the function's own site.
  SiteInfo S = siteInfo(Entries[0]->getArgOperand(0));
  EXPECT_EQ(S.Function, "f");
  // One exit right before each return.
  auto Exits = callsTo(F, "__rl_func_exit");
  ASSERT_EQ(Exits.size(), 2u);
  for (const CallBase *Exit : Exits)
    EXPECT_TRUE(isa<ReturnInst>(Exit->getNextNode()));
}

TEST_F(FrameTest, ExitOnTheUnwindPathOfAnInvoke) {
  auto M = run(R"IR(
    declare void @may_throw()
    declare i32 @__gxx_personality_v0(...)
    define void @f() personality ptr @__gxx_personality_v0 {
    entry:
      invoke void @may_throw() to label %ok unwind label %lpad
    ok:
      ret void
    lpad:
      %lp = landingpad { ptr, i32 } cleanup
      resume { ptr, i32 } %lp
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  auto Exits = callsTo(F, "__rl_func_exit");
  ASSERT_EQ(Exits.size(), 2u) << toString(F);
  bool BeforeResume = false, BeforeRet = false;
  for (const CallBase *Exit : Exits) {
    BeforeResume |= isa<ResumeInst>(Exit->getNextNode());
    BeforeRet |= isa<ReturnInst>(Exit->getNextNode());
  }
  EXPECT_TRUE(BeforeResume) << toString(F);
  EXPECT_TRUE(BeforeRet);
  // And the invoke got its call-site store.
  std::vector<std::string> T = trace(F.getEntryBlock());
  int Invoke = indexOf(T, "call:may_throw");
  ASSERT_GE(Invoke, 1);
  EXPECT_EQ(T[Invoke - 1], "slot-store");
}

TEST_F(FrameTest, CallsThatMayThrowGetACleanupThatExits) {
  // A plain call in a function that may unwind: the exception would skip the `ret`, so the
  // pass makes the call an invoke whose cleanup pops the frame and resumes.
  auto M = run(R"IR(
    declare void @may_throw()
    define void @f() {
      call void @may_throw()
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  auto Invoke = callsTo(F, "may_throw");
  ASSERT_EQ(Invoke.size(), 1u);
  ASSERT_TRUE(isa<InvokeInst>(Invoke[0])) << toString(F);
  const BasicBlock *Unwind = cast<InvokeInst>(Invoke[0])->getUnwindDest();
  EXPECT_EQ(trace(*Unwind), (std::vector<std::string>{"landingpad", "call:__rl_func_exit",
                                                      "resume"}));
  EXPECT_TRUE(F.hasPersonalityFn());
}

TEST_F(FrameTest, NounwindFunctionsGetNoCleanup) {
  auto M = run(R"IR(
    declare void @g()
    define void @f() nounwind {
      call void @g()
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(F.size(), 1u);
  EXPECT_FALSE(F.hasPersonalityFn());
  EXPECT_EQ(countCalls(F, "__rl_func_exit"), 1u);
}

TEST_F(FrameTest, CallSiteStoreBeforeEachCall) {
  auto M = run(R"IR(
    declare void @pthread_mutex_lock(ptr)
    declare void @pthread_mutex_unlock(ptr)
    declare void @llvm.lifetime.start.p0(i64, ptr)
    @mu = global [40 x i8] zeroinitializer
    @counter = global i32 0
    define void @f(ptr %fp) nounwind !dbg !5 {
      %x = alloca i32
      call void @llvm.lifetime.start.p0(i64 4, ptr %x)
      call void @pthread_mutex_lock(ptr @mu), !dbg !10
      %v = load i32, ptr @counter, !dbg !11
      store i32 %v, ptr @counter, !dbg !11
      call void @pthread_mutex_unlock(ptr @mu), !dbg !12
      call void %fp(), !dbg !12
      call void %fp(), !dbg !13
      ret void
    }
    !llvm.dbg.cu = !{!0}
    !llvm.module.flags = !{!3}
    !0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "t", isOptimized: false, runtimeVersion: 0, emissionKind: LineTablesOnly)
    !1 = !DIFile(filename: "t.c", directory: "/src")
    !3 = !{i32 2, !"Debug Info Version", i32 3}
    !5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
    !6 = !DISubroutineType(types: !7)
    !7 = !{}
    !10 = !DILocation(line: 2, column: 3, scope: !5)
    !11 = !DILocation(line: 3, column: 10, scope: !5)
    !12 = !DILocation(line: 4, column: 3, scope: !5)
    !13 = !DILocation(line: 5, column: 3, scope: !5)
    )IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  std::vector<std::string> T = trace(F);
  std::vector<std::string> Expected = {
      "alloca",      "call:__rl_func_entry",
      "slot-store",  "call:pthread_mutex_lock",
      "load", "call:__rl_write4", "store",  // the read: rule (h), the write covers it
      "slot-store",  "call:pthread_mutex_unlock",
      // same site as the previous call, same block: the slot already holds it
      "call:<indirect>",
      "slot-store",  "call:<indirect>",
      "call:__rl_func_exit", "ret"};
  EXPECT_EQ(T, Expected) << toString(F);

  // The stores write the call's own site into the slot __rl_func_entry returned.
  const CallBase *Entry = callsTo(F, "__rl_func_entry")[0];
  const CallBase *Lock = callsTo(F, "pthread_mutex_lock")[0];
  auto *Store = cast<StoreInst>(Lock->getPrevNode());
  EXPECT_EQ(Store->getPointerOperand(), Entry);
  SiteInfo S = siteInfo(Store->getValueOperand());
  EXPECT_EQ(S.Function, "f");
  EXPECT_EQ(S.File, "/src/t.c");
  EXPECT_EQ(S.Line, 2u);
  EXPECT_EQ(S.Column, 3u);
}

TEST_F(FrameTest, MusttailCallExitsFirstAndGetsNoStore) {
  auto M = run(R"IR(
    @g = global i32 0
    declare i32 @callee(i32)
    define i32 @f(i32 %x) nounwind {
      store i32 %x, ptr @g
      %r = musttail call i32 @callee(i32 %x)
      ret i32 %r
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  std::vector<std::string> T = trace(F);
  std::vector<std::string> Expected = {"call:__rl_func_entry", "call:__rl_write4", "store",
                                       "call:__rl_func_exit", "call:callee", "ret"};
  EXPECT_EQ(T, Expected) << toString(F);
}

TEST_F(FrameTest, SkippedFunctions) {
  auto M = run(R"IR(
    @g = global i32 0
    declare void @h()
    define void @no_instr() disable_sanitizer_instrumentation {
      store i32 1, ptr @g
      call void @h()
      ret void
    }
    define void @__rl_helper() {
      store i32 1, ptr @g
      ret void
    }
    define available_externally void @elsewhere() {
      store i32 1, ptr @g
      ret void
    }
    define void @naked() naked {
      call void @h()
      unreachable
    })IR");
  ASSERT_TRUE(M);
  for (const char *Name : {"no_instr", "__rl_helper", "elsewhere", "naked"}) {
    const Function &F = *M->getFunction(Name);
    for (const std::string &W : trace(F))
      EXPECT_TRUE(W.rfind("call:__rl_", 0) != 0 && W != "slot-store")
          << Name << " was instrumented:\n" << toString(F);
  }
  // The module constructor is not instrumented either.
  const Function &Ctor = *M->getFunction("__rl_module_ctor");
  EXPECT_EQ(countCalls(Ctor, "__rl_func_entry"), 0u);
}

TEST_F(FrameTest, IntrinsicsAndInlineAsmGetNoStore) {
  auto M = run(R"IR(
    declare void @llvm.lifetime.start.p0(i64, ptr)
    declare void @ext(ptr)
    define void @f(ptr %p) nounwind {
      call void @llvm.lifetime.start.p0(i64 4, ptr %p)
      call void asm sideeffect "nop", ""()
      call void @ext(ptr %p)
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  unsigned Stores = 0;
  for (const std::string &W : trace(F))
    Stores += W == "slot-store";
  EXPECT_EQ(Stores, 1u) << toString(F);
}

TEST_F(FrameTest, ModuleIsNotInstrumentedTwice) {
  auto M = run(R"IR(
    @g = global i32 0
    declare void @h()
    define void @f() nounwind {
      store i32 1, ptr @g
      call void @h()
      ret void
    })IR");
  ASSERT_TRUE(M);
  std::string Once = toString(*M);
  runOn(*M);
  EXPECT_EQ(toString(*M), Once);
  EXPECT_EQ(countCalls(*M, "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(*M, "__rl_module_init"), 1u);
}

}  // namespace
