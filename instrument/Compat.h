// Compat.h: thin shims over the LLVM APIs whose shape changes between releases.
//
// Part of the Racelight pass; run it with
//   opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
//
// Racelight is built and tested against LLVM 14, 15, 16, 19 and 22 (the top-level
// CMakeLists.txt refuses the others; docs/llvm-versions.md has the matrix). Every place in
// instrument/ that touches an API that differs between those releases goes through this
// header, and nowhere else tests LLVM_VERSION_MAJOR. Each branch below names the versions
// whose build compiles it; the version boundaries are those of the upstream change (the
// releases in between, 17 and 18, are not built here).
#ifndef RACELIGHT_INSTRUMENT_COMPAT_H
#define RACELIGHT_INSTRUMENT_COMPAT_H

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ScalarEvolution.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/BasicBlock.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TypeSize.h"
#include "llvm/Transforms/Utils/ScalarEvolutionExpander.h"

// Headers that moved. EHPersonalities.h: Analysis/ -> IR/ in LLVM 17; Triple.h: ADT/ ->
// TargetParser/ in LLVM 16 (17 removed the ADT/ forwarding header).
#if LLVM_VERSION_MAJOR >= 17  // 19, 22
#include "llvm/IR/EHPersonalities.h"
#include "llvm/TargetParser/Triple.h"
#else  // 14, 15, 16
#include "llvm/ADT/Triple.h"
#include "llvm/Analysis/EHPersonalities.h"
#endif

// PassPlugin.h: Passes/ -> Plugins/ in LLVM 22.
#if LLVM_VERSION_MAJOR >= 22  // 22
#include "llvm/Plugins/PassPlugin.h"
#else  // 14, 15, 16, 19
#include "llvm/Passes/PassPlugin.h"
#endif

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#if LLVM_VERSION_MAJOR < 14
#error "Racelight needs LLVM 14 or newer (see docs/llvm-versions.md)"
#endif

// Statistics printed by `-stats`. The plain STATISTIC macro compiles to a no-op in release
// builds of LLVM (Debian's among them), so the pass uses the always-enabled flavour: the
// counters then work with every clang/opt, at the cost of one atomic add per event.
#define RL_STATISTIC(VAR, DESC) ALWAYS_ENABLED_STATISTIC(VAR, DESC)

namespace racelight::compat {

// PassBuilder::registerOptimizerLastEPCallback gained a ThinOrFullLTOPhase parameter in
// LLVM 20. `Fn` is called as Fn(ModulePassManager &, OptimizationLevel).
template <typename Fn>
void registerOptimizerLastEPCallback(llvm::PassBuilder &PB, Fn Callback) {
#if LLVM_VERSION_MAJOR >= 20  // 22
  PB.registerOptimizerLastEPCallback(
      [Callback](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level,
                 llvm::ThinOrFullLTOPhase) { Callback(MPM, Level); });
#else  // 14, 15, 16, 19
  PB.registerOptimizerLastEPCallback(
      [Callback](llvm::ModulePassManager &MPM, llvm::OptimizationLevel Level) {
        Callback(MPM, Level);
      });
#endif
}

// True when `V` (an alloca) may be captured: stored anywhere, returned, or passed to a call
// whose parameter is not `nocapture`. LLVM 20 dropped the StoreCaptures flag (stores always
// capture there, which is what Racelight asks for anyway).
inline bool pointerMayBeCaptured(const llvm::Value *V) {
#if LLVM_VERSION_MAJOR >= 20  // 22
  return llvm::PointerMayBeCaptured(V, /*ReturnCaptures=*/true);
#else  // 14, 15, 16, 19
  return llvm::PointerMayBeCaptured(V, /*ReturnCaptures=*/true, /*StoreCaptures=*/true);
#endif
}

// True when `V` (a pointer) may be captured by a use for which `IsHarmless(const Use &)`
// answers false: like pointerMayBeCaptured above, but a caller can accept uses that capture
// in LLVM's sense yet cannot hand the address to another thread (a call to free(), which
// LLVM marks `nocapture` but `operator delete` is not). Comparisons never count. Gives up
// ("captured") when the use list is too long. LLVM 20 changed the CaptureTracker callback.
template <typename Pred>
bool pointerMayBeCapturedExcept(const llvm::Value *V, Pred IsHarmless) {
  struct Tracker : llvm::CaptureTracker {
    explicit Tracker(Pred &P) : IsHarmless(P) {}
    void tooManyUses() override { Captured = true; }
    bool harmless(const llvm::Use *U) {
      return llvm::isa<llvm::ICmpInst>(U->getUser()) || IsHarmless(*U);
    }
#if LLVM_VERSION_MAJOR >= 20  // 22
    Action captured(const llvm::Use *U, llvm::UseCaptureInfo) override {
      if (harmless(U))
        return ContinueIgnoringReturn;
      Captured = true;
      return Stop;
    }
#else  // 14, 15, 16, 19
    bool captured(const llvm::Use *U) override {
      if (harmless(U))
        return false;
      Captured = true;
      return true;
    }
#endif
    Pred &IsHarmless;
    bool Captured = false;
  };
  Tracker T(IsHarmless);
  llvm::PointerMayBeCaptured(V, &T);
  return T.Captured;
}

// A SCEVExpander for `SE` (LLVM 22 takes the data layout from SE), and whether it can expand
// `S` at `At` without introducing undefined behaviour (e.g. a division by a value that may
// be zero): a free function until LLVM 15, a member since.
inline std::unique_ptr<llvm::SCEVExpander>
makeSCEVExpander(llvm::ScalarEvolution &SE, const llvm::DataLayout &DL, const char *Name) {
#if LLVM_VERSION_MAJOR >= 22  // 22
  (void)DL;
  return std::make_unique<llvm::SCEVExpander>(SE, Name, /*PreserveLCSSA=*/false);
#else  // 14, 15, 16, 19
  return std::make_unique<llvm::SCEVExpander>(SE, DL, Name, /*PreserveLCSSA=*/false);
#endif
}

inline bool isSafeToExpandAt(llvm::SCEVExpander &Expander, llvm::ScalarEvolution &SE,
                             const llvm::SCEV *S, const llvm::Instruction *At) {
#if LLVM_VERSION_MAJOR >= 15  // 15, 16, 19, 22
  (void)SE;
  return Expander.isSafeToExpandAt(S, At);
#else  // 14
  (void)Expander;
  return llvm::isSafeToExpandAt(S, At, SE);
#endif
}

// StringRef::starts_with arrived in LLVM 16 (startswith is deprecated from 18).
inline bool startsWith(llvm::StringRef S, llvm::StringRef Prefix) {
#if LLVM_VERSION_MAJOR >= 16  // 16, 19, 22
  return S.starts_with(Prefix);
#else  // 14, 15
  return S.startswith(Prefix);
#endif
}

// llvm::demangle takes a std::string_view since LLVM 17 (a const std::string & before).
inline std::string demangle(llvm::StringRef Name) {
#if LLVM_VERSION_MAJOR >= 17  // 19, 22
  return llvm::demangle(std::string_view(Name.data(), Name.size()));
#else  // 14, 15, 16
  return llvm::demangle(Name.str());
#endif
}

// Where a function's entry code goes: after the PHIs, debug intrinsics and the static
// allocas at the top of the entry block. BasicBlock::getFirstNonPHIOrDbgOrAlloca exists
// since LLVM 16; before, the same walk is done here.
inline llvm::BasicBlock::iterator firstNonPHIOrDbgOrAlloca(llvm::BasicBlock &BB) {
#if LLVM_VERSION_MAJOR >= 16  // 16, 19, 22
  return BB.getFirstNonPHIOrDbgOrAlloca();
#else  // 14, 15
  llvm::BasicBlock::iterator It = BB.getFirstNonPHI()->getIterator();
  if (!BB.isEntryBlock())
    return It;
  while (It != BB.end()) {
    if (auto *AI = llvm::dyn_cast<llvm::AllocaInst>(&*It)) {
      if (!AI->isStaticAlloca())
        break;
    } else if (!llvm::isa<llvm::DbgInfoIntrinsic>(&*It) &&
               !llvm::isa<llvm::PseudoProbeInst>(&*It)) {
      break;
    }
    ++It;
  }
  return It;
#endif
}

// The number of bytes `Size` stands for, as an i64 value: `vscale x min` for a scalable
// size. IRBuilder::CreateTypeSize exists since LLVM 18.
inline llvm::Value *createTypeSize(llvm::IRBuilderBase &B, llvm::Type *I64Ty,
                                   llvm::TypeSize Size) {
#if LLVM_VERSION_MAJOR >= 18  // 19, 22
  return B.CreateTypeSize(I64Ty, Size);
#else  // 14, 15, 16
  llvm::Constant *Min = llvm::ConstantInt::get(I64Ty, Size.getKnownMinValue());
  return Size.isScalable() ? B.CreateVScale(Min) : static_cast<llvm::Value *>(Min);
#endif
}

// --- Typed pointers (LLVM 14; LLVM 15 and 16 with -Xclang -no-opaque-pointers) -----------
// clang 14 emits typed pointers (i32*, %struct.S*) by default; opaque pointers (`ptr`)
// are the default from LLVM 15 and the only kind from 17. The runtime ABI takes `void *`
// and `const rl_site *` arguments: in a typed-pointer module those are declared as i8* and
// every pointer the pass passes or stores is cast to it. In an opaque-pointer module (every
// module from 17 on) all of this is the identity: no cast is ever created.

// The type of the runtime's pointer parameters: `ptr`, or i8* in a typed-pointer module.
inline llvm::PointerType *pointerType(llvm::LLVMContext &C) {
#if LLVM_VERSION_MAJOR < 17  // 14, 15, 16
  if (C.supportsTypedPointers())
    return llvm::Type::getInt8PtrTy(C);
#endif
  return llvm::PointerType::getUnqual(C);
}

// `V` as a value of pointer type `Ty` (a bitcast in a typed-pointer module, else `V`).
inline llvm::Value *castPointer(llvm::IRBuilderBase &B, llvm::Value *V, llvm::Type *Ty) {
#if LLVM_VERSION_MAJOR < 17  // 14, 15, 16
  if (V->getType() != Ty && V->getType()->isPointerTy() && Ty->isPointerTy())
    return B.CreatePointerCast(V, Ty);
#endif
  return V;
}

inline llvm::Constant *castPointer(llvm::Constant *C, llvm::Type *Ty) {
#if LLVM_VERSION_MAJOR < 17  // 14, 15, 16
  if (C->getType() != Ty && C->getType()->isPointerTy() && Ty->isPointerTy())
    return llvm::ConstantExpr::getPointerCast(C, Ty);
#endif
  return C;
}

// A call of `Callee` whose pointer arguments are cast to its parameter types.
inline llvm::CallInst *createCall(llvm::IRBuilderBase &B, llvm::FunctionCallee Callee,
                                  llvm::ArrayRef<llvm::Value *> Args,
                                  const llvm::Twine &Name = "") {
#if LLVM_VERSION_MAJOR < 17  // 14, 15, 16
  llvm::SmallVector<llvm::Value *, 4> Cast(Args.begin(), Args.end());
  llvm::FunctionType *FTy = Callee.getFunctionType();
  for (unsigned I = 0; I < Cast.size() && I < FTy->getNumParams(); ++I)
    Cast[I] = castPointer(B, Cast[I], FTy->getParamType(I));
  return B.CreateCall(Callee, Cast, Name);
#else  // 19, 22
  return B.CreateCall(Callee, Args, Name);
#endif
}

// `store Val, Slot`, where Val is a pointer and Slot holds one of type `PtrTy`.
inline llvm::StoreInst *storePointer(llvm::IRBuilderBase &B, llvm::Value *Val,
                                     llvm::Value *Slot, llvm::PointerType *PtrTy) {
#if LLVM_VERSION_MAJOR < 17  // 14, 15, 16
  Val = castPointer(B, Val, PtrTy);
  if (!PtrTy->isOpaque())
    Slot = castPointer(B, Slot, llvm::PointerType::getUnqual(PtrTy));
#endif
  return B.CreateStore(Val, Slot);
}

// The `!nosanitize` metadata kind (clang marks its sanitizer checks with it; the pass marks
// its call-site stores). A fixed kind (LLVMContext::MD_nosanitize) since LLVM 15; in 14 the
// same name, registered on first use.
inline unsigned noSanitizeKind(const llvm::LLVMContext &C) {
#if LLVM_VERSION_MAJOR >= 15  // 15, 16, 19, 22
  (void)C;
  return llvm::LLVMContext::MD_nosanitize;
#else  // 14
  return C.getMDKindID("nosanitize");
#endif
}

// True when intrinsic `II` cannot call back into the program. LLVM 15 gave the intrinsics
// that cannot the `nocallback` attribute (memory intrinsics, and every "default attributes"
// intrinsic: llvm.fabs, llvm.lifetime.*, ...). LLVM 14 has no such attribute on any
// intrinsic: there the default-attribute set is nofree nosync willreturn, and `nosync` is
// what tells those apart from the few that may call back (statepoints, patchpoints, ...).
inline bool intrinsicHasNoCallback(const llvm::IntrinsicInst &II) {
#if LLVM_VERSION_MAJOR >= 15  // 15, 16, 19, 22
  return II.hasFnAttr(llvm::Attribute::NoCallback);
#else  // 14
  return II.hasFnAttr(llvm::Attribute::NoCallback) || II.hasFnAttr(llvm::Attribute::NoSync) ||
         llvm::isa<llvm::MemIntrinsic>(II);
#endif
}

// For tests that parse IR written with `ptr`: LLVM 14 contexts start in typed-pointer mode
// unless told otherwise before the first pointer type is made (15 and 16 default to opaque).
inline void enableOpaquePointers(llvm::LLVMContext &C) {
#if LLVM_VERSION_MAJOR == 14
  C.enableOpaquePointers();
#endif
  (void)C;
}

}  // namespace racelight::compat

#endif  // RACELIGHT_INSTRUMENT_COMPAT_H
