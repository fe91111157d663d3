// RuntimeFunctions.h: declarations, in the module being instrumented, of the runtime
// entry points of runtime/include/racelight/interface.h.
//
// Used by the Racelight pass (run: opt -load-pass-plugin=RacelightPass.so -passes=racelight).
// Each function is declared on first use only, so a module keeps no unused declarations.
// All are declared `nounwind`: the runtime never throws, and EscapeEnumerator must not wrap
// the calls the pass inserts in invokes.
#ifndef RACELIGHT_INSTRUMENT_RUNTIMEFUNCTIONS_H
#define RACELIGHT_INSTRUMENT_RUNTIMEFUNCTIONS_H

#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

#include <cstdint>
#include <optional>

namespace racelight {

class RuntimeFunctions {
public:
  explicit RuntimeFunctions(llvm::Module &M);

  // Index of __rl_readN/__rl_writeN for an access of `Bytes` bytes: 1,2,4,8,16 -> 0..4.
  static std::optional<unsigned> sizeIndex(uint64_t Bytes);

  llvm::FunctionCallee moduleInit();
  llvm::FunctionCallee funcEntry();
  llvm::FunctionCallee funcExit();
  llvm::FunctionCallee access(bool IsWrite, unsigned SizeIndex);  // __rl_{read,write}N
  llvm::FunctionCallee range(bool IsWrite);                      // __rl_{read,write}_range
  llvm::FunctionCallee atomicBegin();
  llvm::FunctionCallee atomicEnd();
  llvm::FunctionCallee atomicFence();
  // The runtime's thread-local counter array of -racelight-count-checks,
  // `[RL_COUNT_KINDS x i64] __rl_check_counts` (initial-exec: it lives in the executable).
  llvm::GlobalVariable *checkCounts();

  llvm::PointerType *ptrTy() const { return PtrTy; }
  llvm::IntegerType *i32Ty() const { return I32Ty; }
  llvm::IntegerType *i64Ty() const { return I64Ty; }

private:
  llvm::FunctionCallee declare(llvm::FunctionCallee &Slot, llvm::StringRef Name,
                               llvm::Type *Ret, llvm::ArrayRef<llvm::Type *> Params);

  llvm::Module &M;
  llvm::PointerType *PtrTy;
  llvm::IntegerType *I32Ty, *I64Ty;
  llvm::Type *VoidTy;

  llvm::FunctionCallee ModuleInit, FuncEntry, FuncExit;
  llvm::FunctionCallee Access[2][5];
  llvm::FunctionCallee Range[2];
  llvm::FunctionCallee AtomicBegin, AtomicEnd, AtomicFence;
  llvm::GlobalVariable *CheckCounts = nullptr;
};

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_RUNTIMEFUNCTIONS_H
