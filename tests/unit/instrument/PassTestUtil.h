// Helpers shared by the Racelight pass unit tests: parse IR from a string, run the pass
// through a real PassBuilder pipeline, and look at the result.
#ifndef RACELIGHT_TESTS_PASSTESTUTIL_H
#define RACELIGHT_TESTS_PASSTESTUTIL_H

#include "Compat.h"
#include "RacelightPass.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace racelight::test {

class PassTest : public ::testing::Test {
protected:
  // Statistics register on their first increment, and only while enabled.
  // The inputs are written with opaque pointers (`ptr`), which an LLVM 14 context only
  // parses when told so before its first pointer type (compat::enableOpaquePointers).
  PassTest() {
    llvm::EnableStatistics(/*DoPrintOnExit=*/false);
    compat::enableOpaquePointers(Ctx);
  }

  // Parses `IR`, runs RacelightPass with `Opts` (through a ModulePassManager with all the
  // standard analyses registered) and verifies the result. Returns null on failure (and
  // records it).
  std::unique_ptr<llvm::Module> run(llvm::StringRef IR, const RacelightOptions &Opts = {});
  // Parses without running anything.
  std::unique_ptr<llvm::Module> parse(llvm::StringRef IR);
  // Runs the pass on an existing module.
  void runOn(llvm::Module &M, const RacelightOptions &Opts = {});

  llvm::LLVMContext Ctx;
};

// One short word per instruction, in order: "call:<callee>" for calls and invokes,
// "slot-store" for the call-site stores the pass makes (nosanitize stores of an rl_site),
// otherwise the opcode name ("load", "store", "atomicrmw", "ret", ...). Debug records and
// intrinsics other than mem* are left out so the traces stay short.
std::vector<std::string> trace(const llvm::Function &F);
std::vector<std::string> trace(const llvm::BasicBlock &BB);

// `Trace` without the __rl_func_entry/__rl_func_exit calls.
std::vector<std::string> withoutFrame(std::vector<std::string> Trace);

// All calls to `Callee` in `F`, in order.
std::vector<const llvm::CallBase *> callsTo(const llvm::Function &F, llvm::StringRef Callee);
unsigned countCalls(const llvm::Function &F, llvm::StringRef Callee);
unsigned countCalls(const llvm::Module &M, llvm::StringRef Callee);
// The current value of the pass statistic `Name` (0 when it was never incremented).
uint64_t statistic(llvm::StringRef Name);

// The rl_site a pointer refers to, decoded.
struct SiteInfo {
  bool Valid = false;
  std::string Function, File;
  unsigned Line = 0, Column = 0, Id = 0, Flags = 0;
  bool IsConstant = true;
  bool IsPrivate = false;
  const llvm::Value *InlinedAt = nullptr;  // the site of rl_site::inlined_at, or null
};
SiteInfo siteInfo(const llvm::Value *SitePtr);

// Decoded entries of the rl_global array passed to __rl_module_init.
struct GlobalInfo {
  std::string AddressName;  // IR name of the registered global
  uint64_t Size = 0;
  std::string Name, File;
  unsigned Line = 0;
};
std::vector<GlobalInfo> registeredGlobals(const llvm::Module &M);

// NUL-terminated string a private string global holds ("" if not one).
std::string cString(const llvm::Value *V);

// Position of the first occurrence of `Word` in `Trace` at or after `From`; -1 if absent.
int indexOf(const std::vector<std::string> &Trace, llvm::StringRef Word, int From = 0);

std::string toString(const llvm::Module &M);
std::string toString(const llvm::Function &F);

}  // namespace racelight::test

#endif  // RACELIGHT_TESTS_PASSTESTUTIL_H
