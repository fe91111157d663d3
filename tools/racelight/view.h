// The shared rendering model (runtime/report_view.h) built from a report read back from JSON
// Lines: the text format (the same renderer as the runtime's terminal text) and the HTML
// format render from it.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "report.h"
#include "report_view.h"

namespace racelight {

// Owns everything a view::Report points to; build one per report and keep it alive while
// the view is used.
class ReportView {
 public:
  explicit ReportView(const Report& report);
  ReportView(const ReportView&) = delete;
  ReportView& operator=(const ReportView&) = delete;

  const rl::view::Report& view() const { return view_; }
  const Report& report() const { return report_; }

 private:
  rl::view::Frames frames(const std::vector<Frame>& stack);
  const char* keep(std::string s);

  const Report& report_;
  rl::view::Report view_;
  std::deque<std::string> strings_;
  std::deque<rl_site> sites_;
  std::deque<std::vector<const rl_site*>> stacks_;
  std::vector<rl::view::Event> events_;
  std::vector<rl::view::Thread> threads_;
  std::deque<std::vector<rl::view::SyncEvent>> sync_events_;
  std::vector<rl::view::Timeline> timelines_;
};

// The OpenMP line of an access event ("in task created at a.c:12 (...)"), "" when none.
std::string openmp_text(const rl::view::Event& event, const rl::view::TextOptions& options = {});

// `view::Frames` as a vector, for C++ callers.
std::vector<const rl_site*> frame_list(const rl::view::Frames& frames);

}  // namespace racelight
