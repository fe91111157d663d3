// Unit tests of the Racelight pass: plain accesses, atomics, fences, memory intrinsics.
#include "PassTestUtil.h"

#include "racelight/interface.h"

#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"

using namespace llvm;
using namespace racelight;
using namespace racelight::test;

namespace {

using AccessTest = PassTest;

// The first call to `Callee` in `F`: its argument `I` as an integer constant.
uint64_t constArg(const Function &F, StringRef Callee, unsigned I, unsigned Nth = 0) {
  auto Calls = callsTo(F, Callee);
  if (Nth >= Calls.size()) {
    ADD_FAILURE() << "no call #" << Nth << " to " << Callee.str();
    return ~0ull;
  }
  return cast<ConstantInt>(Calls[Nth]->getArgOperand(I))->getZExtValue();
}

// The accesses of these tests all go through one pointer with nothing in between: rules (e)
// and (h) (redundant checks, reads before writes: ElisionTest) are off so that each one
// keeps its call.
RacelightOptions noRedundancyElision() {
  RacelightOptions O;
  O.ElideRedundantAccesses = false;
  O.ElideReadsBeforeWrites = false;
  return O;
}

TEST_F(AccessTest, EachPowerOfTwoSizeGetsItsOwnCall) {
  auto M = run(R"IR(
    define void @f(ptr %p) {
      %a = load i8, ptr %p
      %b = load i16, ptr %p
      %c = load i32, ptr %p
      %d = load i64, ptr %p
      %e = load i128, ptr %p
      %v = load <4 x i32>, ptr %p
      store i8 %a, ptr %p
      store i16 %b, ptr %p
      store i32 %c, ptr %p
      store i64 %d, ptr %p
      store i128 %e, ptr %p
      store <4 x i32> %v, ptr %p
      store ptr %p, ptr %p
      store double 1.0, ptr %p
      ret void
    })IR", noRedundancyElision());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read1"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_read2"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_read8"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_read16"), 2u);  // i128 and <4 x i32>
  EXPECT_EQ(countCalls(F, "__rl_write1"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write2"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write4"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write8"), 3u);  // i64, ptr, double
  EXPECT_EQ(countCalls(F, "__rl_write16"), 2u);
  EXPECT_EQ(countCalls(F, "__rl_read_range"), 0u);
  EXPECT_EQ(countCalls(F, "__rl_write_range"), 0u);

  // Each call is immediately before its access and passes the access's address.
  std::vector<std::string> T = trace(F);
  int Load = indexOf(T, "load");
  ASSERT_GT(Load, 0);
  EXPECT_EQ(T[Load - 1], "call:__rl_read1");
  for (const CallBase *CB : callsTo(F, "__rl_read4")) {
    EXPECT_EQ(CB->getArgOperand(0), F.getArg(0));
    EXPECT_TRUE(isa<LoadInst>(CB->getNextNode()));
    EXPECT_TRUE(siteInfo(CB->getArgOperand(1)).Valid);
  }
}

TEST_F(AccessTest, OddSizesUseRangeCallsWithTheStoreSize) {
  auto M = run(R"IR(
    %struct.S = type { i32, i32, i32 }
    define void @f(ptr %p) {
      %a = load i24, ptr %p
      %b = load x86_fp80, ptr %p
      %c = load <3 x float>, ptr %p
      %d = load %struct.S, ptr %p
      store [5 x i8] zeroinitializer, ptr %p
      store <8 x i32> zeroinitializer, ptr %p
      ret void
    })IR", noRedundancyElision());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  ASSERT_EQ(countCalls(F, "__rl_read_range"), 4u);
  EXPECT_EQ(constArg(F, "__rl_read_range", 1, 0), 3u);   // i24
  EXPECT_EQ(constArg(F, "__rl_read_range", 1, 1), 10u);  // x86_fp80
  EXPECT_EQ(constArg(F, "__rl_read_range", 1, 2), 12u);  // <3 x float>
  EXPECT_EQ(constArg(F, "__rl_read_range", 1, 3), 12u);  // { i32, i32, i32 }
  ASSERT_EQ(countCalls(F, "__rl_write_range"), 2u);
  EXPECT_EQ(constArg(F, "__rl_write_range", 1, 0), 5u);
  EXPECT_EQ(constArg(F, "__rl_write_range", 1, 1), 32u);
}

TEST_F(AccessTest, VolatileIsPlainAndOtherAddressSpacesAreSkipped) {
  auto M = run(R"IR(
    define void @f(ptr %p, ptr addrspace(1) %q, ptr addrspace(256) %fs) {
      %a = load volatile i32, ptr %p
      store volatile i32 %a, ptr %p
      %b = load i32, ptr addrspace(1) %q
      store i32 %b, ptr addrspace(256) %fs
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write4"), 1u);
}

TEST_F(AccessTest, NoSanitizeMetadataIsHonoured) {
  auto M = run(R"IR(
    define void @f(ptr %p) {
      %a = load i32, ptr %p, !nosanitize !0
      store i32 %a, ptr %p
      ret void
    }
    !0 = !{})IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  EXPECT_EQ(countCalls(F, "__rl_read4"), 0u);
  EXPECT_EQ(countCalls(F, "__rl_write4"), 1u);
}

// The desc argument: RL_ATOMIC_DESC(op, order, failure order).
unsigned descOf(unsigned Op, unsigned Order, unsigned Failure = RL_RELAXED) {
  return RL_ATOMIC_DESC(Op, Order, Failure);
}

TEST_F(AccessTest, EachAtomicSitsAloneBetweenBeginAndEnd) {
  auto M = run(R"IR(
    define i32 @f(ptr %p) {
      %v = load atomic i32, ptr %p acquire, align 4
      %w = load atomic i64, ptr %p monotonic, align 8
      store atomic i16 1, ptr %p release, align 2
      %old = atomicrmw add ptr %p, i32 1 acq_rel
      %x = atomicrmw xchg ptr %p, i8 0 monotonic
      %y = load i32, ptr %p
      ret i32 %v
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  std::vector<std::string> T = withoutFrame(trace(F));
  std::vector<std::string> Expected = {
      "call:__rl_atomic_begin", "load",      "call:__rl_atomic_end",
      "call:__rl_atomic_begin", "load",      "call:__rl_atomic_end",
      "call:__rl_atomic_begin", "store",     "call:__rl_atomic_end",
      "call:__rl_atomic_begin", "atomicrmw", "call:__rl_atomic_end",
      "call:__rl_atomic_begin", "atomicrmw", "call:__rl_atomic_end",
      "call:__rl_read4",        "load"};
  T.resize(std::min(T.size(), Expected.size()));
  EXPECT_EQ(T, Expected) << toString(F);
  // The atomic instructions are kept, and begin names their address.
  for (const CallBase *CB : callsTo(F, "__rl_atomic_begin")) {
    const Instruction *Next = CB->getNextNode();
    ASSERT_TRUE(Next && Next->isAtomic()) << toString(F);
    EXPECT_EQ(CB->getArgOperand(0), getLoadStorePointerOperand(Next)
                                        ? getLoadStorePointerOperand(Next)
                                        : Next->getOperand(0));
  }
  const unsigned Sizes[] = {4, 8, 2, 4, 1};
  const unsigned Descs[] = {descOf(RL_OP_LOAD, RL_ACQUIRE), descOf(RL_OP_LOAD, RL_RELAXED),
                            descOf(RL_OP_STORE, RL_RELEASE), descOf(RL_OP_RMW, RL_ACQ_REL),
                            descOf(RL_OP_RMW, RL_RELAXED)};
  for (unsigned N = 0; N < 5; ++N) {
    EXPECT_EQ(constArg(F, "__rl_atomic_begin", 1, N), Sizes[N]) << N;
    EXPECT_EQ(constArg(F, "__rl_atomic_begin", 2, N), Descs[N]) << N;
    EXPECT_EQ(constArg(F, "__rl_atomic_end", 0, N), Descs[N]) << N;
  }
  EXPECT_EQ(countCalls(F, "__rl_read4"), 1u);  // only the plain load
  EXPECT_EQ(countCalls(F, "__rl_write2"), 0u);
}

TEST_F(AccessTest, CmpxchgEndSaysWhetherItExchanged) {
  auto M = run(R"IR(
    define void @f(ptr %p) {
      %pair = cmpxchg ptr %p, i64 0, i64 1 seq_cst acquire
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  // begin: size of the value, both orders.
  EXPECT_EQ(constArg(F, "__rl_atomic_begin", 1), 8u);
  EXPECT_EQ(constArg(F, "__rl_atomic_begin", 2),
            descOf(RL_OP_CMPXCHG, RL_SEQ_CST, RL_ACQUIRE));
  // end: an RMW at the success order if the exchange happened, else a load at the
  // failure order.
  auto Ends = callsTo(F, "__rl_atomic_end");
  ASSERT_EQ(Ends.size(), 1u);
  auto *Sel = dyn_cast<SelectInst>(Ends[0]->getArgOperand(0));
  ASSERT_TRUE(Sel) << toString(F);
  auto *Ok = dyn_cast<ExtractValueInst>(Sel->getCondition());
  ASSERT_TRUE(Ok && isa<AtomicCmpXchgInst>(Ok->getAggregateOperand()) &&
              Ok->getIndices()[0] == 1)
      << toString(F);
  EXPECT_EQ(cast<ConstantInt>(Sel->getTrueValue())->getZExtValue(),
            descOf(RL_OP_RMW, RL_SEQ_CST));
  EXPECT_EQ(cast<ConstantInt>(Sel->getFalseValue())->getZExtValue(),
            descOf(RL_OP_LOAD, RL_ACQUIRE));
  // Nothing but the cmpxchg between begin and the end's operands.
  EXPECT_TRUE(isa<AtomicCmpXchgInst>(callsTo(F, "__rl_atomic_begin")[0]->getNextNode()));
}

TEST_F(AccessTest, ThreadFencesAreReportedAndSignalFencesAreNot) {
  auto M = run(R"IR(
    define void @f() {
      fence acquire
      fence syncscope("singlethread") seq_cst
      fence release
      fence seq_cst
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  ASSERT_EQ(countCalls(F, "__rl_atomic_fence"), 3u);
  EXPECT_EQ(constArg(F, "__rl_atomic_fence", 0, 0), unsigned(RL_ACQUIRE));
  EXPECT_EQ(constArg(F, "__rl_atomic_fence", 0, 1), unsigned(RL_RELEASE));
  EXPECT_EQ(constArg(F, "__rl_atomic_fence", 0, 2), unsigned(RL_SEQ_CST));
  unsigned Fences = 0;
  for (const Instruction &I : instructions(F))
    Fences += isa<FenceInst>(I);
  EXPECT_EQ(Fences, 4u);  // all kept
  // The module says it uses fences.
  const Function &Ctor = *M->getFunction("__rl_module_ctor");
  EXPECT_EQ(constArg(Ctor, "__rl_module_init", 3), unsigned(RL_MODULE_USES_FENCES));
}

TEST_F(AccessTest, SignalFenceAloneDoesNotSetTheModuleFlag) {
  auto M = run(R"IR(
    define void @f() {
      fence syncscope("singlethread") seq_cst
      ret void
    })IR");
  ASSERT_TRUE(M);
  EXPECT_EQ(countCalls(*M, "__rl_atomic_fence"), 0u);
  EXPECT_EQ(constArg(*M->getFunction("__rl_module_ctor"), "__rl_module_init", 3), 0u);
}

TEST_F(AccessTest, MemoryIntrinsicsBecomeRanges) {
  auto M = run(R"IR(
    declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
    declare void @llvm.memmove.p0.p0.i32(ptr, ptr, i32, i1)
    declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
    define void @f(ptr %d, ptr %s, i64 %n, i32 %m) {
      call void @llvm.memcpy.p0.p0.i64(ptr %d, ptr %s, i64 %n, i1 false)
      call void @llvm.memmove.p0.p0.i32(ptr %d, ptr %s, i32 %m, i1 false)
      call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 40, i1 false)
      call void @llvm.memset.p0.i64(ptr %d, i8 0, i64 0, i1 false)
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  std::vector<std::string> T = withoutFrame(trace(F));
  std::vector<std::string> Expected = {
      "call:__rl_read_range", "call:__rl_write_range", "call:llvm.memcpy.p0.p0.i64",
      "zext", "call:__rl_read_range", "call:__rl_write_range", "call:llvm.memmove.p0.p0.i32",
      "call:__rl_write_range", "call:llvm.memset.p0.i64",
      "call:llvm.memset.p0.i64",  // zero length: nothing
      "ret"};
  EXPECT_EQ(T, Expected) << toString(F);

  auto Reads = callsTo(F, "__rl_read_range");
  auto Writes = callsTo(F, "__rl_write_range");
  EXPECT_EQ(Reads[0]->getArgOperand(0), F.getArg(1));
  EXPECT_EQ(Reads[0]->getArgOperand(1), F.getArg(2));
  EXPECT_EQ(Writes[0]->getArgOperand(0), F.getArg(0));
  EXPECT_EQ(Writes[0]->getArgOperand(1), F.getArg(2));
  EXPECT_TRUE(isa<ZExtInst>(Reads[1]->getArgOperand(1)));
  EXPECT_EQ(constArg(F, "__rl_write_range", 1, 2), 40u);
}

TEST_F(AccessTest, LibcMemoryFunctionsBecomeRanges) {
  auto M = run(R"IR(
    declare ptr @memcpy(ptr, ptr, i64)
    declare ptr @memset(ptr, i32, i64)
    declare void @bzero(ptr, i64)
    define void @f(ptr %d, ptr %s, i64 %n) {
      %1 = call ptr @memcpy(ptr %d, ptr %s, i64 %n)
      %2 = call ptr @memset(ptr %d, i32 1, i64 %n)
      call void @bzero(ptr %d, i64 16)
      ret void
    })IR");
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("f");
  std::vector<std::string> T = trace(F);
  int Memcpy = indexOf(T, "call:memcpy");
  ASSERT_GE(Memcpy, 3);
  EXPECT_EQ(T[Memcpy - 1], "slot-store");
  EXPECT_EQ(T[Memcpy - 2], "call:__rl_write_range");
  EXPECT_EQ(T[Memcpy - 3], "call:__rl_read_range");
  EXPECT_EQ(countCalls(F, "__rl_read_range"), 1u);
  EXPECT_EQ(countCalls(F, "__rl_write_range"), 3u);
  EXPECT_EQ(constArg(F, "__rl_write_range", 1, 2), 16u);
}

TEST_F(AccessTest, SwitchesTurnClassesOfInstrumentationOff) {
  const char *IR = R"IR(
    declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
    declare void @g()
    define void @f(ptr %p) {
      %v = load atomic i32, ptr %p acquire, align 4
      fence seq_cst
      call void @llvm.memset.p0.i64(ptr %p, i8 0, i64 8, i1 false)
      call void @g()
      store i32 %v, ptr %p
      ret void
    })IR";
  RacelightOptions NoAtomics;
  NoAtomics.InstrumentAtomics = false;
  auto M1 = run(IR, NoAtomics);
  ASSERT_TRUE(M1);
  EXPECT_EQ(countCalls(*M1, "__rl_atomic_begin"), 0u);
  EXPECT_EQ(countCalls(*M1, "__rl_atomic_fence"), 0u);
  EXPECT_EQ(countCalls(*M1, "__rl_read4"), 0u);  // atomics are not demoted to plain
  EXPECT_EQ(countCalls(*M1, "__rl_write_range"), 1u);

  RacelightOptions NoMem;
  NoMem.InstrumentMemIntrinsics = false;
  auto M2 = run(IR, NoMem);
  ASSERT_TRUE(M2);
  EXPECT_EQ(countCalls(*M2, "__rl_write_range"), 0u);
  EXPECT_EQ(countCalls(*M2, "__rl_atomic_begin"), 1u);

  RacelightOptions NoFrames;
  NoFrames.InstrumentFuncEntryExit = false;
  auto M3 = run(IR, NoFrames);
  ASSERT_TRUE(M3);
  EXPECT_EQ(countCalls(*M3, "__rl_func_entry"), 0u);
  EXPECT_EQ(countCalls(*M3, "__rl_func_exit"), 0u);
  EXPECT_EQ(indexOf(trace(*M3->getFunction("f")), "slot-store"), -1);
  EXPECT_EQ(countCalls(*M3, "__rl_write4"), 1u);
}

}  // namespace
