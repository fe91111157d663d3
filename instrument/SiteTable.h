// SiteTable.h: the static tables the Racelight pass emits into each module.
//
// Run: opt -load-pass-plugin=build/lib/racelight/RacelightPass.so -passes=racelight in.ll -S
//
//  * one `rl_site` per distinct (function, file, line, column): a private, writable global
//    (the runtime writes its `id` field), passed as a constant pointer to the runtime;
//  * the strings those point to (private unnamed_addr constants, one per distinct string);
//  * the `rl_global` array describing the module's global variables, and the module
//    constructor that hands it to __rl_module_init.
// Layouts are those of rl_site / rl_global in racelight/interface.h, laid out by the
// target's DataLayout.
#ifndef RACELIGHT_INSTRUMENT_SITETABLE_H
#define RACELIGHT_INSTRUMENT_SITETABLE_H

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/IR/DebugLoc.h"
#include "llvm/IR/DerivedTypes.h"

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace llvm {
class Constant;
class DISubprogram;
class Function;
class GlobalVariable;
class Module;
}  // namespace llvm

namespace racelight {

class RuntimeFunctions;

class SiteTable {
public:
  // `InlinedSystemCodeAtCaller`: see siteFor.
  explicit SiteTable(llvm::Module &M, bool InlinedSystemCodeAtCaller = true);

  // Site of an instruction of `F` with debug location `DL`: the location itself (for inlined
  // code, the inlined location) and the function whose source that line belongs to. Without
  // a location: F's name, file "", line 0. With `InlinedSystemCodeAtCaller`, code inlined
  // from a system header is instead named by the innermost location of its inlining chain
  // that is not in a system header (e.g. the user's line that called std::mutex::lock).
  llvm::GlobalVariable *siteFor(const llvm::Function &F, const llvm::DebugLoc &DL);

  // Site passed to __rl_func_entry: F's name and the line of its DISubprogram.
  llvm::GlobalVariable *functionSite(const llvm::Function &F);

  // Whether `GV` is one of the globals this table created (sites, strings, globals array).
  bool isOwned(const llvm::GlobalVariable *GV) const { return Owned.count(GV) != 0; }

  // The global variables of the module that __rl_module_init registers (see
  // docs/instrumentation.md). Call before creating any site so no table global is listed.
  static std::vector<llvm::GlobalVariable *> collectUserGlobals(llvm::Module &M);

  // Emits the rl_global array for `Globals` and a priority-0 constructor calling
  // __rl_module_init(RL_ABI_VERSION, array, n, ModuleFlags). Returns the constructor.
  llvm::Function *emitModuleConstructor(llvm::ArrayRef<llvm::GlobalVariable *> Globals,
                                        uint32_t ModuleFlags, RuntimeFunctions &RT);

  // Names as the reports show them (exposed for the unit tests).
  std::string functionName(const llvm::DISubprogram *SP, const llvm::Function *Fallback);
  static std::string globalName(const llvm::GlobalVariable &GV);
  static std::string absolutePath(llvm::StringRef Dir, llvm::StringRef File);
  static bool isSystemHeader(llvm::StringRef Path);

  unsigned numSites() const { return NumSites; }

private:
  llvm::Constant *string(llvm::StringRef S);
  llvm::GlobalVariable *site(llvm::StringRef Function, llvm::StringRef File, unsigned Line,
                             unsigned Column, llvm::GlobalVariable *InlinedAt = nullptr);
  // Site of the location `Loc` itself, with its inlining chain (rl_site::inlined_at).
  llvm::GlobalVariable *siteForLocation(const llvm::Function &F, const llvm::DILocation *Loc);

  llvm::Module &M;
  bool InlinedSystemCodeAtCaller;
  llvm::PointerType *PtrTy;
  llvm::IntegerType *I32Ty, *I64Ty;
  llvm::StructType *SiteTy;    // { ptr function, ptr file, i32 line, i32 column, i32 id, i32 flags,
                               //   ptr inlined_at }
  llvm::StructType *GlobalTy;  // { ptr address, i64 size, ptr name, ptr file, i32 line, i32 reserved }

  llvm::StringMap<llvm::Constant *> Strings;
  std::map<std::tuple<std::string, std::string, unsigned, unsigned, llvm::GlobalVariable *>,
           llvm::GlobalVariable *>
      Sites;
  llvm::DenseMap<const llvm::DILocation *, llvm::GlobalVariable *> SiteByLocation;
  llvm::DenseMap<const llvm::Function *, llvm::GlobalVariable *> SiteWithoutLocation;
  llvm::DenseMap<const llvm::Function *, llvm::GlobalVariable *> EntrySites;
  llvm::DenseMap<const llvm::DISubprogram *, std::string> SubprogramNames;
  llvm::DenseMap<const llvm::DISubprogram *, const llvm::Function *> FunctionOfSubprogram;
  bool FunctionOfSubprogramBuilt = false;
  llvm::SmallPtrSet<const llvm::GlobalVariable *, 32> Owned;
  unsigned NumSites = 0;
};

}  // namespace racelight

#endif  // RACELIGHT_INSTRUMENT_SITETABLE_H
