// Unit tests of the Racelight pass: rl_site table, rl_global table, module constructor.
#include "PassTestUtil.h"

#include "SiteTable.h"
#include "racelight/interface.h"

#include "llvm/IR/Instructions.h"

#include <algorithm>
#include <set>
#include <tuple>

using namespace llvm;
using namespace racelight;
using namespace racelight::test;

namespace {

using TableTest = PassTest;

// A C++-like module with line-tables-only debug info: `increment(int)` (which has an
// inlined call of a libstdc++ helper), `main`, and a function without a subprogram.
const char *WithDebugInfo = R"IR(
  @counter = global i32 0, !dbg !30
  @_ZN2ns5valueE = global i64 0
  declare void @ext()

  define void @_Z9incrementi(i32 %by) !dbg !5 {
    %v = load i32, ptr @counter, !dbg !10
    %n = add i32 %v, %by
    store i32 %n, ptr @counter, !dbg !11
    %w = load i64, ptr @_ZN2ns5valueE, !dbg !21
    call void @ext(), !dbg !22
    ret void, !dbg !12
  }
  define i32 @main() !dbg !15 {
    %v = load i32, ptr @counter, !dbg !16
    %v2 = load i32, ptr @counter, !dbg !16
    ret i32 %v
  }
  define i32 @_Z5nodbgv() {
    %v = load i32, ptr @counter
    ret i32 %v
  }

  !llvm.dbg.cu = !{!0}
  !llvm.module.flags = !{!3}
  !0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus, file: !1, producer: "t", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: !32)
  !1 = !DIFile(filename: "src/counter.cpp", directory: "/home/u/proj")
  !3 = !{i32 2, !"Debug Info Version", i32 3}
  !5 = distinct !DISubprogram(name: "increment", scope: !1, file: !1, line: 7, type: !6, scopeLine: 7, spFlags: DISPFlagDefinition, unit: !0)
  !6 = !DISubroutineType(types: !7)
  !7 = !{}
  !10 = !DILocation(line: 8, column: 11, scope: !5)
  !11 = !DILocation(line: 8, column: 9, scope: !5)
  !12 = !DILocation(line: 9, column: 1, scope: !5)
  !15 = distinct !DISubprogram(name: "main", scope: !1, file: !1, line: 12, type: !6, scopeLine: 12, spFlags: DISPFlagDefinition, unit: !0)
  !16 = !DILocation(line: 13, column: 10, scope: !15)
  !18 = !DIFile(filename: "/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/atomic_base.h", directory: "/home/u/proj")
  !19 = distinct !DISubprogram(name: "load", linkageName: "_ZNKSt13__atomic_baseIiE4loadESt12memory_order", scope: !18, file: !18, line: 500, type: !6, scopeLine: 500, spFlags: DISPFlagDefinition, unit: !0)
  !20 = distinct !DILocation(line: 8, column: 3, scope: !5)
  !21 = !DILocation(line: 505, column: 9, scope: !19, inlinedAt: !20)
  !22 = !DILocation(line: 506, column: 2, scope: !19, inlinedAt: !20)
  !30 = !DIGlobalVariableExpression(var: !31, expr: !DIExpression())
  !31 = distinct !DIGlobalVariable(name: "counter", scope: !0, file: !1, line: 3, type: !33, isLocal: false, isDefinition: true)
  !32 = !{!30}
  !33 = !DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)
  )IR";

// increment's read of @counter has a site of its own only with rule (h) off (the write on
// the next line covers it).
RacelightOptions everyAccessChecked() {
  RacelightOptions O;
  O.ElideReadsBeforeWrites = false;
  return O;
}

TEST_F(TableTest, SitesCarryFunctionFileLineColumn) {
  auto M = run(WithDebugInfo, everyAccessChecked());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("_Z9incrementi");

  SiteInfo Read = siteInfo(callsTo(F, "__rl_read4")[0]->getArgOperand(1));
  ASSERT_TRUE(Read.Valid);
  EXPECT_EQ(Read.Function, "increment(int)");  // demangled full name
  EXPECT_EQ(Read.File, "/home/u/proj/src/counter.cpp");  // joined to an absolute path
  EXPECT_EQ(Read.Line, 8u);
  EXPECT_EQ(Read.Column, 11u);
  EXPECT_EQ(Read.Id, 0u);
  EXPECT_EQ(Read.Flags, 0u);
  EXPECT_FALSE(Read.IsConstant);  // the runtime writes `id`
  EXPECT_TRUE(Read.IsPrivate);

  SiteInfo Write = siteInfo(callsTo(F, "__rl_write4")[0]->getArgOperand(1));
  EXPECT_EQ(Write.Line, 8u);
  EXPECT_EQ(Write.Column, 9u);

  // The function's own site, for __rl_func_entry: the DISubprogram line.
  SiteInfo Entry = siteInfo(callsTo(F, "__rl_func_entry")[0]->getArgOperand(0));
  EXPECT_EQ(Entry.Function, "increment(int)");
  EXPECT_EQ(Entry.File, "/home/u/proj/src/counter.cpp");
  EXPECT_EQ(Entry.Line, 7u);
  EXPECT_EQ(Entry.Column, 0u);
}

TEST_F(TableTest, InlinedSystemHeaderCodeIsNamedAfterTheUserLine) {
  // Default: the access inlined from <atomic> gets the user's line that led to it, which
  // is what the runtime (seeing physical frames only) could otherwise not show.
  auto M = run(WithDebugInfo, everyAccessChecked());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("_Z9incrementi");
  SiteInfo S = siteInfo(callsTo(F, "__rl_read8")[0]->getArgOperand(1));
  EXPECT_EQ(S.Function, "increment(int)");
  EXPECT_EQ(S.File, "/home/u/proj/src/counter.cpp");
  EXPECT_EQ(S.Line, 8u);
  EXPECT_EQ(S.Column, 3u);
  EXPECT_EQ(S.Flags, 0u);
  EXPECT_EQ(S.InlinedAt, nullptr);  // the user's line was not itself inlined
  // The same for the call made from the inlined library code.
  const CallBase *Ext = callsTo(F, "ext")[0];
  SiteInfo C = siteInfo(cast<StoreInst>(Ext->getPrevNode())->getValueOperand());
  EXPECT_EQ(C.Line, 8u);
  EXPECT_EQ(C.Flags, 0u);
}

TEST_F(TableTest, InlinedCodeIsNamedAfterTheFunctionItCameFrom) {
  // -racelight-inlined-system-code-at-caller=false: the inlined location itself, named
  // after the function whose source line it is, flagged as a system header.
  RacelightOptions O = everyAccessChecked();
  O.InlinedSystemCodeAtCaller = false;
  auto M = run(WithDebugInfo, O);
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("_Z9incrementi");
  SiteInfo S = siteInfo(callsTo(F, "__rl_read8")[0]->getArgOperand(1));
  EXPECT_EQ(S.Function, "std::__atomic_base<int>::load(std::memory_order) const");
  EXPECT_EQ(S.File,
            "/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/atomic_base.h");
  EXPECT_EQ(S.Line, 505u);
  EXPECT_EQ(S.Column, 9u);
  EXPECT_EQ(S.Flags, RL_SITE_SYSTEM_HEADER);

  const CallBase *Ext = callsTo(F, "ext")[0];
  SiteInfo C = siteInfo(cast<StoreInst>(Ext->getPrevNode())->getValueOperand());
  EXPECT_EQ(C.Line, 506u);
  EXPECT_EQ(C.Flags, RL_SITE_SYSTEM_HEADER);
}

TEST_F(TableTest, InlinedUserCodeKeepsItsOwnLocation) {
  // Inlined from the user's own header: always the inlined location and function.
  auto M = run(R"IR(
    @g = global i32 0
    define void @caller() !dbg !5 {
      store i32 1, ptr @g, !dbg !12
      ret void, !dbg !11
    }
    !llvm.dbg.cu = !{!0}
    !llvm.module.flags = !{!3}
    !0 = distinct !DICompileUnit(language: DW_LANG_C_plus_plus, file: !1, producer: "t", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
    !1 = !DIFile(filename: "main.cpp", directory: "/src")
    !2 = !DIFile(filename: "util.h", directory: "/src/include")
    !3 = !{i32 2, !"Debug Info Version", i32 3}
    !5 = distinct !DISubprogram(name: "caller", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
    !6 = !DISubroutineType(types: !7)
    !7 = !{}
    !8 = distinct !DISubprogram(name: "set_flag", linkageName: "_ZN4util8set_flagEv", scope: !2, file: !2, line: 20, type: !6, scopeLine: 20, spFlags: DISPFlagDefinition, unit: !0)
    !10 = distinct !DILocation(line: 2, column: 3, scope: !5)
    !11 = !DILocation(line: 3, column: 1, scope: !5)
    !12 = !DILocation(line: 21, column: 5, scope: !8, inlinedAt: !10)
    )IR");
  ASSERT_TRUE(M);
  SiteInfo S = siteInfo(callsTo(*M->getFunction("caller"), "__rl_write4")[0]->getArgOperand(1));
  EXPECT_EQ(S.Function, "util::set_flag()");
  EXPECT_EQ(S.File, "/src/include/util.h");
  EXPECT_EQ(S.Line, 21u);
  EXPECT_EQ(S.Column, 5u);
  EXPECT_EQ(S.Flags, 0u);
  // The inlined function has no frame at run time: its site names the call it was inlined
  // at, so stacks still show the caller's line.
  SiteInfo At = siteInfo(S.InlinedAt);
  ASSERT_TRUE(At.Valid);
  EXPECT_EQ(At.Function, "caller");
  EXPECT_EQ(At.File, "/src/main.cpp");
  EXPECT_EQ(At.Line, 2u);
  EXPECT_EQ(At.Column, 3u);
  EXPECT_EQ(At.InlinedAt, nullptr);
}

TEST_F(TableTest, InlinedSitesChainEveryInliningLevel) {
  // leaf() inlined into middle() inlined into top(): the store's site is leaf's line, whose
  // inlined_at is middle's call of leaf, whose inlined_at is top's call of middle. Another
  // store at the same line of leaf inlined through another call of middle gets a site of
  // its own (the chain differs).
  auto M = run(R"IR(
    @g = global i32 0
    @h = global i32 0
    define void @top() !dbg !5 {
      store i32 1, ptr @g, !dbg !20
      store i32 2, ptr @h, !dbg !22
      ret void, !dbg !11
    }
    !llvm.dbg.cu = !{!0}
    !llvm.module.flags = !{!3}
    !0 = distinct !DICompileUnit(language: DW_LANG_C, file: !1, producer: "t", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
    !1 = !DIFile(filename: "m.c", directory: "/src")
    !3 = !{i32 2, !"Debug Info Version", i32 3}
    !5 = distinct !DISubprogram(name: "top", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
    !6 = !DISubroutineType(types: !7)
    !7 = !{}
    !8 = distinct !DISubprogram(name: "middle", scope: !1, file: !1, line: 10, type: !6, scopeLine: 10, spFlags: DISPFlagDefinition, unit: !0)
    !9 = distinct !DISubprogram(name: "leaf", scope: !1, file: !1, line: 20, type: !6, scopeLine: 20, spFlags: DISPFlagDefinition, unit: !0)
    !11 = !DILocation(line: 5, column: 1, scope: !5)
    !12 = distinct !DILocation(line: 2, column: 3, scope: !5)
    !13 = distinct !DILocation(line: 11, column: 3, scope: !8, inlinedAt: !12)
    !20 = !DILocation(line: 21, column: 7, scope: !9, inlinedAt: !13)
    !14 = distinct !DILocation(line: 3, column: 3, scope: !5)
    !15 = distinct !DILocation(line: 11, column: 3, scope: !8, inlinedAt: !14)
    !22 = !DILocation(line: 21, column: 7, scope: !9, inlinedAt: !15)
    )IR");
  ASSERT_TRUE(M);
  auto Stores = callsTo(*M->getFunction("top"), "__rl_write4");
  ASSERT_EQ(Stores.size(), 2u);
  SiteInfo Leaf = siteInfo(Stores[0]->getArgOperand(1));
  EXPECT_EQ(Leaf.Function, "leaf");
  EXPECT_EQ(Leaf.Line, 21u);
  SiteInfo Middle = siteInfo(Leaf.InlinedAt);
  EXPECT_EQ(Middle.Function, "middle");
  EXPECT_EQ(Middle.Line, 11u);
  SiteInfo Top = siteInfo(Middle.InlinedAt);
  EXPECT_EQ(Top.Function, "top");
  EXPECT_EQ(Top.Line, 2u);
  EXPECT_EQ(Top.InlinedAt, nullptr);
  const Value *Other = Stores[1]->getArgOperand(1);
  EXPECT_NE(Other, Stores[0]->getArgOperand(1));
  EXPECT_EQ(siteInfo(siteInfo(siteInfo(Other).InlinedAt).InlinedAt).Line, 3u);
}

TEST_F(TableTest, LineZeroAccessBorrowsTheLineOfAnotherAccessToTheSamePointer) {
  auto M = run(R"IR(
    @g = global i32 0
    define void @f() !dbg !5 {
      %v = load i32, ptr @g, !dbg !9
      %w = add i32 %v, 1
      store i32 %w, ptr @g, !dbg !8
      ret void, !dbg !8
    }
    !llvm.dbg.cu = !{!0}
    !llvm.module.flags = !{!3}
    !0 = distinct !DICompileUnit(language: DW_LANG_C99, file: !1, producer: "t", isOptimized: true, runtimeVersion: 0, emissionKind: LineTablesOnly)
    !1 = !DIFile(filename: "a.c", directory: "/src")
    !3 = !{i32 2, !"Debug Info Version", i32 3}
    !5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 1, type: !6, scopeLine: 1, spFlags: DISPFlagDefinition, unit: !0)
    !6 = !DISubroutineType(types: !7)
    !7 = !{}
    !8 = !DILocation(line: 4, column: 7, scope: !5)
    !9 = !DILocation(line: 0, scope: !5)
    )IR", everyAccessChecked());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  ASSERT_EQ(callsTo(F, "__rl_read4").size(), 1u);
  SiteInfo S = siteInfo(callsTo(F, "__rl_read4")[0]->getArgOperand(1));
  EXPECT_EQ(S.Line, 4u);
  EXPECT_EQ(S.Column, 7u);
}

TEST_F(TableTest, SitesAreSharedPerLocation) {
  // main reads @counter twice in a row: with rule (e) on, the second read has no call.
  RacelightOptions O = everyAccessChecked();
  O.ElideRedundantAccesses = false;
  auto M = run(WithDebugInfo, O);
  ASSERT_TRUE(M);
  const Function &Main = *M->getFunction("main");
  auto Reads = callsTo(Main, "__rl_read4");
  ASSERT_EQ(Reads.size(), 2u);
  EXPECT_EQ(Reads[0]->getArgOperand(1), Reads[1]->getArgOperand(1));
  EXPECT_EQ(siteInfo(Reads[0]->getArgOperand(1)).Function, "main");

  // One site per distinct (function, file, line, column), one string per distinct text.
  std::set<std::tuple<std::string, std::string, unsigned, unsigned>> Keys;
  std::set<std::string> Strings;
  unsigned Sites = 0, StringGlobals = 0;
  for (const GlobalVariable &GV : M->globals()) {
    if (compat::startsWith(GV.getName(), "__rl_site")) {
      SiteInfo S = siteInfo(&GV);
      EXPECT_TRUE(Keys.insert({S.Function, S.File, S.Line, S.Column}).second)
          << "duplicate site " << S.Function << " " << S.Line << ":" << S.Column;
      ++Sites;
    } else if (compat::startsWith(GV.getName(), "__rl_str")) {
      EXPECT_TRUE(GV.isConstant());
      EXPECT_TRUE(GV.hasPrivateLinkage());
      EXPECT_TRUE(GV.hasGlobalUnnamedAddr());
      EXPECT_TRUE(Strings.insert(cString(&GV)).second) << "duplicate " << cString(&GV);
      ++StringGlobals;
    }
  }
  EXPECT_GE(Sites, 7u);
  EXPECT_GE(StringGlobals, 5u);
}

TEST_F(TableTest, NoDebugInfoGivesDemangledNameAndZeroLine) {
  auto M = run(WithDebugInfo, everyAccessChecked());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("_Z5nodbgv");
  SiteInfo S = siteInfo(callsTo(F, "__rl_read4")[0]->getArgOperand(1));
  EXPECT_EQ(S.Function, "nodbg()");
  EXPECT_EQ(S.File, "");
  EXPECT_EQ(S.Line, 0u);
  EXPECT_EQ(S.Column, 0u);
}

TEST_F(TableTest, ModuleConstructorRegistersTheGlobals) {
  auto M = run(R"IR(
    @counter = global i32 0
    @_ZN2ns5valueE = global i64 0
    @_ZZ4mainE5count = internal global [10 x i32] zeroinitializer
    @common_var = common global i16 0
    @ro = constant i32 7
    @tls = thread_local global i32 0
    @sect = global i32 0, section "mysection"
    @ext = external global i32
    @avail = available_externally global i32 0
    @llvm.used = appending global [1 x ptr] [ptr @sect], section "llvm.metadata"
    define i32 @main() {
      %v = load i32, ptr @counter
      ret i32 %v
    })IR");
  ASSERT_TRUE(M);
  // The constructor: in llvm.global_ctors with priority 0, one call to __rl_module_init.
  const Function *Ctor = M->getFunction("__rl_module_ctor");
  ASSERT_TRUE(Ctor);
  const GlobalVariable *Ctors = M->getNamedGlobal("llvm.global_ctors");
  ASSERT_TRUE(Ctors);
  const Constant *Entry = Ctors->getInitializer()->getAggregateElement(0u);
  EXPECT_EQ(cast<ConstantInt>(Entry->getAggregateElement(0u))->getZExtValue(), 0u);
  EXPECT_EQ(Entry->getAggregateElement(1u), Ctor);

  auto Init = callsTo(*Ctor, "__rl_module_init");
  ASSERT_EQ(Init.size(), 1u);
  EXPECT_EQ(cast<ConstantInt>(Init[0]->getArgOperand(0))->getZExtValue(), unsigned(RL_ABI_VERSION));
  EXPECT_EQ(Init[0]->getArgOperand(1), M->getNamedGlobal("__rl_globals"));
  EXPECT_EQ(cast<ConstantInt>(Init[0]->getArgOperand(2))->getZExtValue(), 4u);
  EXPECT_EQ(cast<ConstantInt>(Init[0]->getArgOperand(3))->getZExtValue(), 0u);

  std::vector<GlobalInfo> G = registeredGlobals(*M);
  ASSERT_EQ(G.size(), 4u);
  auto ByIR = [&](StringRef Name) -> GlobalInfo {
    for (const GlobalInfo &I : G)
      if (I.AddressName == Name)
        return I;
    ADD_FAILURE() << Name.str() << " not registered";
    return {};
  };
  EXPECT_EQ(ByIR("counter").Name, "counter");
  EXPECT_EQ(ByIR("counter").Size, 4u);
  EXPECT_EQ(ByIR("counter").File, "");
  EXPECT_EQ(ByIR("counter").Line, 0u);
  EXPECT_EQ(ByIR("_ZN2ns5valueE").Name, "ns::value");
  EXPECT_EQ(ByIR("_ZN2ns5valueE").Size, 8u);
  EXPECT_EQ(ByIR("_ZZ4mainE5count").Name, "main::count");
  EXPECT_EQ(ByIR("_ZZ4mainE5count").Size, 40u);
  EXPECT_EQ(ByIR("common_var").Size, 2u);
  // The array itself is read-only data.
  EXPECT_TRUE(M->getNamedGlobal("__rl_globals")->isConstant());
}

TEST_F(TableTest, GlobalsTakeFileAndLineFromDebugInfo) {
  auto M = run(WithDebugInfo, everyAccessChecked());
  ASSERT_TRUE(M);
  std::vector<GlobalInfo> G = registeredGlobals(*M);
  ASSERT_EQ(G.size(), 2u);  // none of the pass's own globals
  for (const GlobalInfo &I : G) {
    if (I.AddressName == "counter") {
      EXPECT_EQ(I.Name, "counter");
      EXPECT_EQ(I.File, "/home/u/proj/src/counter.cpp");
      EXPECT_EQ(I.Line, 3u);
    } else {
      EXPECT_EQ(I.Name, "ns::value");
    }
  }
}

TEST_F(TableTest, EmptyModuleStillInitialises) {
  auto M = run("define void @f() {\n  ret void\n}\n");
  ASSERT_TRUE(M);
  const Function *Ctor = M->getFunction("__rl_module_ctor");
  ASSERT_TRUE(Ctor);
  auto Init = callsTo(*Ctor, "__rl_module_init");
  ASSERT_EQ(Init.size(), 1u);
  EXPECT_TRUE(isa<ConstantPointerNull>(Init[0]->getArgOperand(1)));
  EXPECT_EQ(cast<ConstantInt>(Init[0]->getArgOperand(2))->getZExtValue(), 0u);
  EXPECT_EQ(M->getNamedGlobal("__rl_globals"), nullptr);
}

TEST_F(TableTest, PathHelpers) {
  EXPECT_EQ(SiteTable::absolutePath("/src", "a.c"), "/src/a.c");
  EXPECT_EQ(SiteTable::absolutePath("/src", "./sub/a.c"), "/src/sub/a.c");
  EXPECT_EQ(SiteTable::absolutePath("/src", "/abs/a.c"), "/abs/a.c");
  EXPECT_EQ(SiteTable::absolutePath("", "rel.c"), "rel.c");
  EXPECT_EQ(SiteTable::absolutePath("/src", ""), "");
  EXPECT_TRUE(SiteTable::isSystemHeader("/usr/include/pthread.h"));
  EXPECT_TRUE(SiteTable::isSystemHeader("/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h"));
  EXPECT_TRUE(SiteTable::isSystemHeader(
      "/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/mutex"));
  EXPECT_FALSE(SiteTable::isSystemHeader("/home/u/usr/include/x.h"));
  EXPECT_FALSE(SiteTable::isSystemHeader("/usr/includes/x.h"));
  EXPECT_FALSE(SiteTable::isSystemHeader(""));
}

}  // namespace
