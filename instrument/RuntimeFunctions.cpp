// RuntimeFunctions.cpp: declares the runtime ABI (racelight/interface.h) in a module.
//
// Part of the Racelight pass; run it with
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
#include "RuntimeFunctions.h"

#include "Compat.h"
#include "racelight/interface.h"

#include "llvm/IR/Attributes.h"
#include "llvm/IR/Function.h"

using namespace llvm;

namespace racelight {

RuntimeFunctions::RuntimeFunctions(Module &M)
    : M(M), PtrTy(compat::pointerType(M.getContext())),
      I32Ty(Type::getInt32Ty(M.getContext())), I64Ty(Type::getInt64Ty(M.getContext())),
      VoidTy(Type::getVoidTy(M.getContext())) {}

std::optional<unsigned> RuntimeFunctions::sizeIndex(uint64_t Bytes) {
  switch (Bytes) {
  case 1: return 0;
  case 2: return 1;
  case 4: return 2;
  case 8: return 3;
  case 16: return 4;
  default: return std::nullopt;
  }
}

FunctionCallee RuntimeFunctions::declare(FunctionCallee &Slot, StringRef Name, Type *Ret,
                                         ArrayRef<Type *> Params) {
  if (Slot)
    return Slot;
  LLVMContext &C = M.getContext();
  AttributeList Attrs =
      AttributeList().addFnAttribute(C, Attribute::NoUnwind);
  Slot = M.getOrInsertFunction(Name, FunctionType::get(Ret, Params, /*isVarArg=*/false),
                               Attrs);
  return Slot;
}

FunctionCallee RuntimeFunctions::moduleInit() {
  // void __rl_module_init(uint32_t abi, const rl_global *, uint64_t n, uint32_t flags)
  return declare(ModuleInit, "__rl_module_init", VoidTy, {I32Ty, PtrTy, I64Ty, I32Ty});
}

FunctionCallee RuntimeFunctions::funcEntry() {
  // const rl_site **__rl_func_entry(const rl_site *function)
  return declare(FuncEntry, "__rl_func_entry", PtrTy, {PtrTy});
}

FunctionCallee RuntimeFunctions::funcExit() {
  return declare(FuncExit, "__rl_func_exit", VoidTy, {});
}

FunctionCallee RuntimeFunctions::access(bool IsWrite, unsigned SizeIndex) {
  static const char *const Names[2][5] = {
      {"__rl_read1", "__rl_read2", "__rl_read4", "__rl_read8", "__rl_read16"},
      {"__rl_write1", "__rl_write2", "__rl_write4", "__rl_write8", "__rl_write16"}};
  assert(SizeIndex < 5 && "bad access size index");
  // void __rl_readN(const void *addr, const rl_site *site)
  return declare(Access[IsWrite][SizeIndex], Names[IsWrite][SizeIndex], VoidTy,
                 {PtrTy, PtrTy});
}

FunctionCallee RuntimeFunctions::range(bool IsWrite) {
  // void __rl_read_range(const void *addr, uint64_t size, const rl_site *site)
  return declare(Range[IsWrite], IsWrite ? "__rl_write_range" : "__rl_read_range", VoidTy,
                 {PtrTy, I64Ty, PtrTy});
}

FunctionCallee RuntimeFunctions::atomicBegin() {
  // void __rl_atomic_begin(const void *addr, uint32_t size, uint32_t desc, const rl_site *)
  return declare(AtomicBegin, "__rl_atomic_begin", VoidTy, {PtrTy, I32Ty, I32Ty, PtrTy});
}
FunctionCallee RuntimeFunctions::atomicEnd() {
  // void __rl_atomic_end(uint32_t desc)
  return declare(AtomicEnd, "__rl_atomic_end", VoidTy, {I32Ty});
}
FunctionCallee RuntimeFunctions::atomicFence() {
  // void __rl_atomic_fence(uint32_t order)
  return declare(AtomicFence, "__rl_atomic_fence", VoidTy, {I32Ty});
}

GlobalVariable *RuntimeFunctions::checkCounts() {
  if (CheckCounts)
    return CheckCounts;
  auto *Ty = ArrayType::get(I64Ty, RL_COUNT_KINDS);
  CheckCounts = M.getNamedGlobal("__rl_check_counts");
  if (!CheckCounts)
    CheckCounts = new GlobalVariable(M, Ty, /*isConstant=*/false, GlobalValue::ExternalLinkage,
                                     /*Initializer=*/nullptr, "__rl_check_counts",
                                     /*InsertBefore=*/nullptr,
                                     GlobalVariable::InitialExecTLSModel);
  return CheckCounts;
}

}  // namespace racelight
