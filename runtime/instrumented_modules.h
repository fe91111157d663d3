// Which loaded modules (the executable, shared objects) were compiled with the Racelight
// pass: each instrumented module's constructor calls __rl_module_init, which records the
// address ranges of the module's loaded segments here.
//
// Used where the runtime must tell the program's own calls from calls made inside an
// uninstrumented library: the memory of a sync object is checked (a destroy racing with a
// use) only when the call came from instrumented code, as ThreadSanitizer does with
// ignore_noninstrumented_modules. A library such as libomp initializes a mutex in one thread
// and locks it in another, ordered by its own atomics, which the runtime cannot see.
//
// Thread-safety: NoteInstrumentedModule may run concurrently with lookups (dlopen in one
// thread); a range is published by a release store of the count, after it is written, and
// ranges are never removed (a dlclose'd module's range stays: at worst an uninstrumented
// module later loaded there counts as instrumented, the behaviour before this existed).
#ifndef RACELIGHT_INSTRUMENTED_MODULES_H
#define RACELIGHT_INSTRUMENTED_MODULES_H

namespace rl {

// Records the module that contains `pc` (an address in its code). Idempotent.
void NoteInstrumentedModule(const void *pc);

// Whether `pc` lies in a module recorded by NoteInstrumentedModule. True for a null pc
// (unknown caller: treated as the program's own, the conservative choice for reporting).
bool InInstrumentedModule(const void *pc);

}  // namespace rl

#endif  // RACELIGHT_INSTRUMENTED_MODULES_H
