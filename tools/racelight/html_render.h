// The html format: one self-contained page (inline CSS, inline SVG, a small inline script for
// the filters; nothing loaded from the network) that a CI job keeps as an artifact.
//
//   - a summary table of the reports (kind, location, message), each linking to its section;
//   - per report: its events side by side (for a data race, the two accesses), each with the
//     source lines around it and its stack (system frames folded into a <details>);
//   - for deadlocks and lock-order inversions, the cycle drawn as an SVG graph: one node per
//     lock, one edge per thread of the cycle (from the lock it holds to the lock it wants),
//     labelled with the thread and the sites;
//   - for data races, a timeline of the two threads (creation, the two accesses);
//   - the report's text, exactly as the terminal shows it;
//   - filters by kind and by file.
//
// Built from the same model as the text format (view.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "render.h"
#include "report.h"

namespace racelight {

// One edge of a lock cycle: `thread` acquired (or waits for) lock `to` while holding `from`.
struct CycleEdge {
  uint64_t from = 0;
  uint64_t to = 0;
  int64_t thread = 0;
  size_t held_event = 0;      // index of the event where `from` was acquired
  size_t acquired_event = 0;  // index of the event where `to` is acquired or wanted
};

// The edges of the lock cycle of a deadlock (`self`, `cycle`) or lock-order-inversion
// report, in the report's order; empty when the report describes none.
std::vector<CycleEdge> lock_cycle(const Report& report);

std::string html_report(const ReportSet& set, const RenderOptions& options);

}  // namespace racelight
