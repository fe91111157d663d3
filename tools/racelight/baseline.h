// Baselines: the reports a project already knows about. A baseline is any JSON Lines report
// file (a runtime report_path file, or `racelight baseline` / `report --format json`
// output); reports are identified by fingerprint, recomputed from their content (a stored
// "fingerprint" field is accepted as well).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "render.h"
#include "report.h"

namespace racelight {

class Baseline {
 public:
  // Loads a baseline file, one line at a time (only fingerprints are kept); problems are appended to `errors`. False if any.
  bool load_file(const std::string& path, std::vector<std::string>& errors);
  void add(const Report& report);

  bool contains(const Report& report) const;
  bool contains_fingerprint(const std::string& fp) const { return fingerprints_.count(fp) != 0; }
  size_t size() const { return reports_.size(); }

  // Splits `set.shown` into new reports (kept in `shown`, and `all` becomes the same list)
  // and known ones (dropped), and fills summary.known / summary.fixed. `current` are all the
  // fingerprints seen now, suppressed ones included (a baseline report that is now
  // suppressed is not "fixed").
  void apply(ReportSet& set, const std::set<std::string>& current) const;

 private:
  std::set<std::string> fingerprints_;  // recomputed and stored ones
  std::set<std::string> reports_;       // one recomputed fingerprint per distinct report
};

}  // namespace racelight
