#include "baseline.h"

#include "fingerprint.h"

namespace racelight {

bool Baseline::load_file(const std::string& path, std::vector<std::string>& errors) {
  std::vector<std::string> problems;
  bool ok = read_report_stream(path, [&](Report&& r) { add(r); }, problems);
  for (const std::string& p : problems) errors.push_back("baseline: " + p);
  return ok;
}

void Baseline::add(const Report& report) {
  std::string fp = compute_fingerprint(report);
  fingerprints_.insert(fp);
  reports_.insert(fp);
  auto stored = report.raw.find("fingerprint");
  if (stored != report.raw.end() && stored->is_string())
    fingerprints_.insert(stored->get<std::string>());
}

bool Baseline::contains(const Report& report) const {
  std::string fp = report.fingerprint.empty() ? compute_fingerprint(report) : report.fingerprint;
  return fingerprints_.count(fp) != 0;
}

void Baseline::apply(ReportSet& set, const std::set<std::string>& current) const {
  std::vector<Report> fresh;
  size_t known = 0;
  for (Report& r : set.shown) {
    if (contains(r))
      ++known;
    else
      fresh.push_back(std::move(r));
  }
  set.shown = std::move(fresh);
  set.all = set.shown;
  count_kinds(set);
  size_t fixed = 0;
  for (const std::string& fp : reports_)
    if (!current.count(fp)) ++fixed;
  set.summary.has_baseline = true;
  set.summary.known = known;
  set.summary.fixed = fixed;
}

}  // namespace racelight
