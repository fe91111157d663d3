// Unit tests of the Racelight pass: -racelight-count-checks (docs/instrumentation.md,
// "Counting checks at run time"). The counter increments are present only with the switch,
// one at each check and at each access an elision rule removed, with the rule's kind.
#include "PassTestUtil.h"

#include "racelight/interface.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

#include <map>

using namespace llvm;
using namespace racelight;
using namespace racelight::test;

namespace {

using CountChecksTest = PassTest;

RacelightOptions counting() {
  RacelightOptions O;
  O.CountChecks = true;
  return O;
}

// The counter kind a store increments, or -1 when it is not a counter increment: a store
// into element K of @__rl_check_counts of the value loaded from it plus 1.
int incrementedKind(const Instruction &I) {
  const auto *S = dyn_cast<StoreInst>(&I);
  if (!S)
    return -1;
  // The element's byte offset, whatever form the constant GEP takes (element 0 is the
  // array's own address; newer LLVMs fold constant GEPs to byte offsets).
  const Value *Ptr = S->getPointerOperand();
  int Kind = 0;
  if (const auto *GEP = dyn_cast<GEPOperator>(Ptr)) {
    APInt Offset(64, 0);
    if (!GEP->accumulateConstantOffset(S->getModule()->getDataLayout(), Offset))
      return -1;
    Ptr = GEP->getPointerOperand();
    Kind = int(Offset.getZExtValue() / 8);
  }
  if (Ptr->getName() != "__rl_check_counts")
    return -1;
  const auto *Add = dyn_cast<BinaryOperator>(S->getValueOperand());
  if (!Add || Add->getOpcode() != Instruction::Add)
    return -1;
  const auto *Old = dyn_cast<LoadInst>(Add->getOperand(0));
  const auto *One = dyn_cast<ConstantInt>(Add->getOperand(1));
  if (!Old || Old->getPointerOperand() != S->getPointerOperand() || !One || !One->isOne())
    return -1;
  return Kind;
}

// Increments per kind in `F` (or in one block).
template <typename Range> std::map<int, unsigned> increments(const Range &Instructions) {
  std::map<int, unsigned> N;
  for (const Instruction &I : Instructions)
    if (int K = incrementedKind(I); K >= 0)
      ++N[K];
  return N;
}
std::map<int, unsigned> increments(const Function &F) { return increments(instructions(F)); }

uint64_t moduleFlags(const Module &M) {
  const Function *Ctor = M.getFunction("__rl_module_ctor");
  EXPECT_TRUE(Ctor);
  auto Calls = callsTo(*Ctor, "__rl_module_init");
  EXPECT_EQ(Calls.size(), 1u);
  return Calls.empty() ? ~0ull : cast<ConstantInt>(Calls[0]->getArgOperand(3))->getZExtValue();
}

const BasicBlock *block(const Function &F, StringRef Name) {
  for (const BasicBlock &BB : F)
    if (BB.getName() == Name)
      return &BB;
  return nullptr;
}

// One function per rule, plus a plain checked access: (a) a local slot, (b) a constant
// global, (e) a second load of the same bytes, (d) a leaf without accesses, (g) a heap
// block that does not escape, and a memcpy and an atomic that are checked.
const char *Rules = R"IR(
  @g = global i32 0
  @k = constant i32 7
  declare ptr @malloc(i64)
  declare void @free(ptr)
  declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
  define i32 @rules(ptr %p, ptr %q) {
    %x = alloca i32
    store i32 1, ptr %x
    %c = load i32, ptr @k
    %v1 = load i32, ptr %p
    %v2 = load i32, ptr %p
    %h = call ptr @malloc(i64 4)
    store i32 %v2, ptr %h
    call void @free(ptr %h)
    call void @llvm.memcpy.p0.p0.i64(ptr %p, ptr %q, i64 16, i1 false)
    %a = atomicrmw add ptr @g, i32 1 seq_cst
    %s = add i32 %v1, %c
    ret i32 %s
  }
  define i32 @leaf(i32 %a) {
    %b = mul i32 %a, %a
    ret i32 %b
  })IR";

TEST_F(CountChecksTest, NothingWithoutTheSwitch) {
  auto M = run(Rules);
  ASSERT_TRUE(M);
  EXPECT_EQ(M->getNamedGlobal("__rl_check_counts"), nullptr);
  for (const Function &F : *M)
    EXPECT_TRUE(increments(F).empty()) << F.getName().str();
  EXPECT_EQ(moduleFlags(*M) & RL_MODULE_COUNTS_CHECKS, 0u);
}

TEST_F(CountChecksTest, EachRuleAndEachCheckIsCounted) {
  auto M = run(Rules, counting());
  ASSERT_TRUE(M);
  const GlobalVariable *Counts = M->getNamedGlobal("__rl_check_counts");
  ASSERT_TRUE(Counts);
  EXPECT_TRUE(Counts->isDeclaration());
  EXPECT_TRUE(Counts->isThreadLocal());
  EXPECT_EQ(Counts->getThreadLocalMode(), GlobalVariable::InitialExecTLSModel);
  EXPECT_EQ(moduleFlags(*M) & RL_MODULE_COUNTS_CHECKS, uint64_t(RL_MODULE_COUNTS_CHECKS));

  std::map<int, unsigned> Want = {
      {RL_COUNT_EXECUTED_FUNCTION_ENTRIES, 1},
      {RL_COUNT_EXECUTED_ACCESS_CHECKS, 1},     // %v1
      {RL_COUNT_EXECUTED_MEMORY_OP_CHECKS, 2},  // the memcpy's source and destination
      {RL_COUNT_EXECUTED_ATOMICS, 1},
      {RL_COUNT_REMOVED_NONESCAPING_ALLOCA, 1},
      {RL_COUNT_REMOVED_READ_ONLY, 1},
      {RL_COUNT_REMOVED_REDUNDANT, 1},  // %v2
      {RL_COUNT_REMOVED_THREAD_LOCAL_HEAP, 1},
  };
  EXPECT_EQ(increments(*M->getFunction("rules")), Want);
  EXPECT_EQ(increments(*M->getFunction("leaf")),
            (std::map<int, unsigned>{{RL_COUNT_REMOVED_LEAF_FUNCTION, 1}}));
  // The increments are not themselves checked.
  EXPECT_EQ(countCalls(*M->getFunction("leaf"), "__rl_func_entry"), 0u);
  EXPECT_EQ(countCalls(*M->getFunction("rules"), "__rl_read4"), 1u);
  EXPECT_EQ(countCalls(*M->getFunction("rules"), "__rl_write4"), 0u);
}

// Each counter increment sits next to what it counts: the removed access's increment just
// before the access, the check's just after the call.
TEST_F(CountChecksTest, IncrementsSitAtTheirAccess) {
  auto M = run(Rules, counting());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("rules");
  for (const Instruction &I : instructions(F)) {
    int K = incrementedKind(I);
    if (K == RL_COUNT_REMOVED_REDUNDANT) {
      const auto *Next = dyn_cast<LoadInst>(I.getNextNode());
      ASSERT_TRUE(Next);
      EXPECT_EQ(Next->getName(), "v2");
    }
    if (K == RL_COUNT_EXECUTED_ACCESS_CHECKS) {
      // load, add, store after the call
      const Instruction *Call = I.getPrevNode()->getPrevNode()->getPrevNode();
      ASSERT_TRUE(isa<CallBase>(Call));
      EXPECT_EQ(cast<CallBase>(Call)->getCalledFunction()->getName(), "__rl_read4");
    }
  }
}

// (f): `for (i = 0; i < n; i++) a[i] = b[i];` — both accesses are counted as removed in every
// iteration (in the loop body), the two range checks on the exit.
TEST_F(CountChecksTest, CoalescedLoop) {
  const char *Copy = R"IR(
    define void @copy(ptr %a, ptr %b, i64 %n) {
    entry:
      %empty = icmp eq i64 %n, 0
      br i1 %empty, label %exit, label %loop
    loop:
      %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
      %pb = getelementptr inbounds i32, ptr %b, i64 %i
      %v = load i32, ptr %pb
      %pa = getelementptr inbounds i32, ptr %a, i64 %i
      store i32 %v, ptr %pa
      %i.next = add nuw i64 %i, 1
      %done = icmp eq i64 %i.next, %n
      br i1 %done, label %exit, label %loop
    exit:
      ret void
    })IR";
  auto M = run(Copy, counting());
  ASSERT_TRUE(M);
  const Function &F = *M->getFunction("copy");
  const BasicBlock *Loop = block(F, "loop");
  ASSERT_TRUE(Loop);
  EXPECT_EQ(increments(*Loop),
            (std::map<int, unsigned>{{RL_COUNT_REMOVED_LOOP_COALESCED, 2}}));
  std::map<int, unsigned> All = increments(F);
  EXPECT_EQ(All[RL_COUNT_EXECUTED_LOOP_RANGE_CHECKS], 2u);  // a read and a write range
  EXPECT_EQ(All[RL_COUNT_REMOVED_LOOP_COALESCED], 2u);
  EXPECT_EQ(All[RL_COUNT_EXECUTED_ACCESS_CHECKS], 0u);
  EXPECT_EQ(countCalls(F, "__rl_read_range") + countCalls(F, "__rl_write_range"), 2u);
}

}  // namespace
