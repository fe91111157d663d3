// Turning a detected conflict into a data-race report: deduplication by source-site pair
// (one report per distinct pair, whatever the threads or addresses), naming the memory
// (global, heap block, stack) and the threads.
//
// Thread-safety: ReportRace may be called by any thread from the access slow path. The
// dedup decision is taken under an internal lock, released before the report is built
// and written.
#ifndef RACELIGHT_RACE_REPORT_H
#define RACELIGHT_RACE_REPORT_H

#include "defs.h"
#include "racelight/interface.h"
#include "shadow_encoding.h"

namespace rl {

struct ThreadState;
struct Report;

struct RaceReportRequest {
  ThreadState *ts;
  uptr address;        // of the current access
  uptr size;
  u32 flags;           // AccessFlags of the current access
  const rl_site *site; // of the current access
  shadow::Cell previous;  // its site and exact bytes are looked up in the access history
  uptr granule_base;   // granule where the conflict was found
  // Shadow frames under the access's site that are still its callers (a race found by a
  // deferred re-scan, after some of them returned: RecheckUnfenced); ~0u: all of them.
  u32 stack_depth = ~0u;
};

// Returns true when a report was written (false when it was a duplicate).
bool ReportRace(const RaceReportRequest &request);

// Fills report->variable for `addr` (shared with the other report kinds).
void DescribeAddress(uptr addr, Report *report);
void RaceReportAfterForkChild();  // unlocks its lock (SpinMutex::ResetAfterFork)

}  // namespace rl

#endif  // RACELIGHT_RACE_REPORT_H
