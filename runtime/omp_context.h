// Which OpenMP construct made an access, for reports. Per clock slot, a short log of the
// constructs the slot's owner ran in, each from the clock it started at: ompt.cc records
// one when an implicit task (parallel region, teams region, the initial task) or an
// explicit task begins on a slot; a report looks up the epoch of each access. A thread's
// slot runs one implicit task after another (ompt.cc ticks its clock at each, so every
// record has epochs of its own); an explicit task has a slot of its own.
//
// Thread-safety: a slot's log is written by the thread running its owner and read by any
// thread building a report; each log has a spin mutex. Logs are allocated on first use and
// never freed.
#ifndef RACELIGHT_OMP_CONTEXT_H
#define RACELIGHT_OMP_CONTEXT_H

#include "defs.h"

namespace rl {

struct OmpContextInfo;

enum class OmpConstruct : u8 { kNone, kInitial, kParallel, kTeams, kTask, kTaskloop };

struct OmpContextRecord {
  OmpConstruct construct = OmpConstruct::kNone;
  bool has_thread_num = false;
  u32 site_id = 0;           // SiteId of the construct's call into libomp; 0: unknown
  u32 parallel_site_id = 0;  // tasks: their parallel region's
  u32 thread_num = 0;        // in the team (teams: the team number)
  u32 team_size = 0;
};

// From `start_clock` on (the slot's clock), accesses of `slot` ran in `record`.
void RecordOmpContext(u32 slot, u64 start_clock, const OmpContextRecord &record);
// Fills `out` for an access of `slot` at `clock`; false (out untouched) when no record of
// the slot's owner at that clock is kept (not OpenMP code, or an older record overwritten).
bool FindOmpContext(u32 slot, u64 clock, OmpContextInfo *out);
// The name of a construct in reports' "construct" field.
const char *OmpConstructName(OmpConstruct c);

}  // namespace rl

#endif  // RACELIGHT_OMP_CONTEXT_H
