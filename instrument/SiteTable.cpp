// SiteTable.cpp: emission of the rl_site table, its strings, the rl_global table and the
// module constructor (see SiteTable.h and docs/instrumentation.md, "Tables").
//
// Part of the Racelight pass; run it with
//   clang -fpass-plugin=build/lib/racelight/RacelightPass.so -g -S -emit-llvm foo.c
// and look for the private globals @__rl_site*, @__rl_str*, @__rl_globals and the
// constructor @__rl_module_ctor in the output.
#include "SiteTable.h"

#include "Compat.h"
#include "RuntimeFunctions.h"
#include "racelight/interface.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Demangle/Demangle.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace racelight {

namespace {

// Symbol names may carry the "\1" prefix that tells the backend not to mangle them further.
StringRef stripAsmPrefix(StringRef Name) {
  Name.consume_front("\1");
  return Name;
}

// The demangled form of `Name`, or `Name` itself when it is not a mangled name.
std::string demangled(StringRef Name) {
  Name = stripAsmPrefix(Name);
  return compat::demangle(Name);
}

bool isMangled(StringRef Name) {
  Name = stripAsmPrefix(Name);
  return demangled(Name) != Name;
}

}  // namespace

SiteTable::SiteTable(Module &M, bool InlinedSystemCodeAtCaller)
    : M(M), InlinedSystemCodeAtCaller(InlinedSystemCodeAtCaller),
      PtrTy(compat::pointerType(M.getContext())),
      I32Ty(Type::getInt32Ty(M.getContext())), I64Ty(Type::getInt64Ty(M.getContext())) {
  SiteTy = StructType::get(M.getContext(), {PtrTy, PtrTy, I32Ty, I32Ty, I32Ty, I32Ty, PtrTy});
  GlobalTy = StructType::get(M.getContext(), {PtrTy, I64Ty, PtrTy, PtrTy, I32Ty, I32Ty});
}

std::string SiteTable::absolutePath(StringRef Dir, StringRef File) {
  if (File.empty())
    return std::string();
  SmallString<256> Path;
  if (sys::path::is_absolute(File) || Dir.empty()) {
    Path = File;
  } else {
    Path = Dir;
    sys::path::append(Path, File);
  }
  // Drop "./" components only: ".." is kept, as symlinks make it meaningful.
  sys::path::remove_dots(Path, /*remove_dot_dot=*/false);
  return std::string(Path);
}

bool SiteTable::isSystemHeader(StringRef Path) {
  SmallString<256> Norm(Path);
  sys::path::remove_dots(Norm, /*remove_dot_dot=*/true);
  StringRef P = Norm;
  return compat::startsWith(P, "/usr/include/") || compat::startsWith(P, "/usr/lib/") ||
         compat::startsWith(P, "/usr/lib64/");
}

std::string SiteTable::functionName(const DISubprogram *SP, const Function *Fallback) {
  if (!SP)
    return Fallback ? demangled(Fallback->getName()) : std::string();
  auto Cached = SubprogramNames.find(SP);
  if (Cached != SubprogramNames.end())
    return Cached->second;

  if (!FunctionOfSubprogramBuilt) {
    for (const Function &Fn : M)
      if (const DISubprogram *FnSP = Fn.getSubprogram())
        FunctionOfSubprogram.try_emplace(FnSP, &Fn);
    FunctionOfSubprogramBuilt = true;
  }

  // Prefer the full, qualified C++ name ("ns::S::f(int) const"): from the linkage name in
  // full debug info, else from the IR function when it still exists (-gline-tables-only
  // omits linkage names). Otherwise the plain source name ("main", "f").
  std::string Name;
  if (!SP->getLinkageName().empty())
    Name = demangled(SP->getLinkageName());
  else if (const Function *Fn = FunctionOfSubprogram.lookup(SP); Fn && isMangled(Fn->getName()))
    Name = demangled(Fn->getName());
  else if (!SP->getName().empty())
    Name = SP->getName().str();
  else if (Fallback)
    Name = demangled(Fallback->getName());
  SubprogramNames[SP] = Name;
  return Name;
}

std::string SiteTable::globalName(const GlobalVariable &GV) {
  SmallVector<DIGlobalVariableExpression *, 1> GVEs;
  GV.getDebugInfo(GVEs);
  const DIGlobalVariable *Var = GVEs.empty() ? nullptr : GVEs.front()->getVariable();
  // As for functions: the qualified C++ name when there is a mangled one ("ns::value",
  // "main::count" for a function-local static), else the source name from debug info (C
  // function-local statics are "fn.var" in IR), else the IR name.
  if (Var && !Var->getLinkageName().empty())
    return demangled(Var->getLinkageName());
  if (isMangled(GV.getName()))
    return demangled(GV.getName());
  if (Var && !Var->getName().empty())
    return Var->getName().str();
  return stripAsmPrefix(GV.getName()).str();
}

Constant *SiteTable::string(StringRef S) {
  auto It = Strings.find(S);
  if (It != Strings.end())
    return It->second;
  Constant *Init = ConstantDataArray::getString(M.getContext(), S, /*AddNull=*/true);
  auto *GV = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                                GlobalValue::PrivateLinkage, Init, "__rl_str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(1));
  Owned.insert(GV);
  Strings[S] = GV;
  return GV;
}

GlobalVariable *SiteTable::site(StringRef Function, StringRef File, unsigned Line,
                                unsigned Column, GlobalVariable *InlinedAt) {
  auto Key = std::make_tuple(Function.str(), File.str(), Line, Column, InlinedAt);
  auto It = Sites.find(Key);
  if (It != Sites.end())
    return It->second;

  uint32_t Flags = isSystemHeader(File) ? RL_SITE_SYSTEM_HEADER : 0;
  Constant *Init = ConstantStruct::get(
      SiteTy, {compat::castPointer(string(Function), PtrTy),
               compat::castPointer(string(File), PtrTy), ConstantInt::get(I32Ty, Line),
               ConstantInt::get(I32Ty, Column), ConstantInt::get(I32Ty, 0),
               ConstantInt::get(I32Ty, Flags),
               InlinedAt ? compat::castPointer(InlinedAt, PtrTy)
                         : static_cast<Constant *>(ConstantPointerNull::get(PtrTy))});
  // Writable: the runtime stores the interned id into the `id` field.
  auto *GV = new GlobalVariable(M, SiteTy, /*isConstant=*/false, GlobalValue::PrivateLinkage,
                                Init, "__rl_site");
  GV->setAlignment(M.getDataLayout().getABITypeAlign(SiteTy));
  Owned.insert(GV);
  Sites.emplace(std::move(Key), GV);
  ++NumSites;
  return GV;
}

GlobalVariable *SiteTable::siteFor(const Function &F, const DebugLoc &DL) {
  const DILocation *Loc = DL.get();
  if (!Loc) {
    GlobalVariable *&S = SiteWithoutLocation[&F];
    if (!S) {
      const DISubprogram *SP = F.getSubprogram();
      std::string File = SP ? absolutePath(SP->getDirectory(), SP->getFilename()) : "";
      S = site(functionName(SP, &F), File, 0, 0);
    }
    return S;
  }
  // Code inlined from a system header (std::mutex::lock, lock_guard, ...) is named by the
  // first location of the inlining chain in the user's own source: that is the line a user
  // can act on (the runtime sees physical frames only, so the user's line would otherwise
  // be lost). Non-inlined library frames keep their own location.
  // -racelight-inlined-system-code-at-caller=false keeps the inlined location instead.
  if (InlinedSystemCodeAtCaller)
    while (Loc->getInlinedAt() &&
           isSystemHeader(absolutePath(Loc->getDirectory(), Loc->getFilename())))
      Loc = Loc->getInlinedAt();
  return siteForLocation(F, Loc);
}

GlobalVariable *SiteTable::siteForLocation(const Function &F, const DILocation *Loc) {
  if (GlobalVariable *Known = SiteByLocation.lookup(Loc))
    return Known;
  // For inlined code the location is the inlined one and the scope's subprogram is the
  // function whose source that line is; the call it was inlined at becomes the site's
  // inlined_at, so stacks still name the inlined function's callers (inlining left them no
  // frame: the pass runs after the inliner). The chain is as long as the inlining was deep.
  GlobalVariable *InlinedAt = nullptr;
  if (const DILocation *At = Loc->getInlinedAt())
    InlinedAt = siteForLocation(F, At);
  const DISubprogram *SP = Loc->getScope()->getSubprogram();
  const Function *Fallback = SP == F.getSubprogram() ? &F : nullptr;
  GlobalVariable *S =
      site(functionName(SP, Fallback), absolutePath(Loc->getDirectory(), Loc->getFilename()),
           Loc->getLine(), Loc->getColumn(), InlinedAt);
  SiteByLocation[Loc] = S;
  return S;
}

GlobalVariable *SiteTable::functionSite(const Function &F) {
  GlobalVariable *&S = EntrySites[&F];
  if (!S) {
    const DISubprogram *SP = F.getSubprogram();
    if (SP)
      S = site(functionName(SP, &F), absolutePath(SP->getDirectory(), SP->getFilename()),
               SP->getLine(), 0);
    else
      S = site(functionName(nullptr, &F), "", 0, 0);
  }
  return S;
}

std::vector<GlobalVariable *> SiteTable::collectUserGlobals(Module &M) {
  const DataLayout &DL = M.getDataLayout();
  std::vector<GlobalVariable *> Result;
  for (GlobalVariable &GV : M.globals()) {
    // Declarations and available_externally copies are registered by the module that
    // defines them.
    if (GV.isDeclaration() || GV.hasAvailableExternallyLinkage())
      continue;
    // Read-only data cannot race; a thread_local is one object per thread, and its address
    // differs per thread so it cannot be described statically.
    if (GV.isConstant() || GV.isThreadLocal())
      continue;
    // LLVM's own (llvm.used, llvm.global_ctors, ...) and Racelight's own tables.
    StringRef Name = stripAsmPrefix(GV.getName());
    if (compat::startsWith(Name, "llvm.") || compat::startsWith(Name, "__rl_"))
      continue;
    // "llvm.metadata" and special sections (profile counters, sancov, __libc_* arrays, ...)
    // are not program data.
    if (GV.hasSection())
      continue;
    if (GV.getAddressSpace() != 0)
      continue;
    TypeSize Size = DL.getTypeAllocSize(GV.getValueType());
    if (Size.isScalable() || Size.getFixedValue() == 0)
      continue;
    Result.push_back(&GV);
  }
  return Result;
}

Function *SiteTable::emitModuleConstructor(ArrayRef<GlobalVariable *> Globals,
                                           uint32_t ModuleFlags, RuntimeFunctions &RT) {
  LLVMContext &C = M.getContext();
  const DataLayout &DL = M.getDataLayout();

  Constant *Array = ConstantPointerNull::get(PtrTy);
  if (!Globals.empty()) {
    std::vector<Constant *> Elems;
    Elems.reserve(Globals.size());
    for (GlobalVariable *GV : Globals) {
      SmallVector<DIGlobalVariableExpression *, 1> GVEs;
      GV->getDebugInfo(GVEs);
      const DIGlobalVariable *Var = GVEs.empty() ? nullptr : GVEs.front()->getVariable();
      std::string File = Var ? absolutePath(Var->getDirectory(), Var->getFilename()) : "";
      unsigned Line = Var ? Var->getLine() : 0;
      uint64_t Size = DL.getTypeAllocSize(GV->getValueType()).getFixedValue();
      Elems.push_back(ConstantStruct::get(
          GlobalTy, {compat::castPointer(GV, PtrTy), ConstantInt::get(I64Ty, Size),
                     compat::castPointer(string(globalName(*GV)), PtrTy),
                     compat::castPointer(string(File), PtrTy),
                     ConstantInt::get(I32Ty, Line), ConstantInt::get(I32Ty, 0)}));
    }
    auto *AT = ArrayType::get(GlobalTy, Elems.size());
    auto *Table = new GlobalVariable(M, AT, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                                     ConstantArray::get(AT, Elems), "__rl_globals");
    Table->setAlignment(DL.getABITypeAlign(GlobalTy));
    Owned.insert(Table);
    Array = compat::castPointer(Table, PtrTy);
  }

  Function *Ctor = Function::Create(FunctionType::get(Type::getVoidTy(C), false),
                                    GlobalValue::InternalLinkage, "__rl_module_ctor", &M);
  Ctor->addFnAttr(Attribute::NoUnwind);
  Ctor->addFnAttr(Attribute::DisableSanitizerInstrumentation);
  IRBuilder<> B(BasicBlock::Create(C, "entry", Ctor));
  compat::createCall(B, RT.moduleInit(),
               {ConstantInt::get(I32Ty, RL_ABI_VERSION), Array,
                ConstantInt::get(I64Ty, Globals.size()), ConstantInt::get(I32Ty, ModuleFlags)});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, /*Priority=*/0);
  return Ctor;
}

}  // namespace racelight
