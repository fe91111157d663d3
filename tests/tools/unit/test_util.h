// Helpers shared by the unit tests of the racelight command.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "commands.h"
#include "fingerprint.h"
#include "render.h"
#include "report.h"
#include "suppressions.h"

namespace racelight::test {

inline std::string fixture(const std::string& name) {
  return std::string(RACELIGHT_TEST_FIXTURES) + "/" + name;
}

// Loads fixture files; fails the test on any load error.
inline std::vector<Report> load(const std::vector<std::string>& names) {
  std::vector<Report> reports;
  std::vector<std::string> errors;
  for (const std::string& n : names) load_report_file(fixture(n), reports, errors);
  for (const std::string& e : errors) ADD_FAILURE() << e;
  return reports;
}

inline Report parse(const std::string& line) {
  Report r;
  std::string error;
  EXPECT_TRUE(parse_report_line(line, r, error)) << error;
  r.fingerprint = compute_fingerprint(r);
  return r;
}

inline ReportSet process(const std::vector<std::string>& names,
                         const std::string& suppressions = "") {
  Suppressions s;
  std::string error;
  EXPECT_TRUE(s.parse(suppressions, "test.supp", error)) << error;
  return process_reports(load(names), s, nullptr);
}

// A set holding just `r`, shown, with its kind counted: what rendering one report needs.
inline ReportSet one_report(const Report& r) {
  ReportSet set;
  set.shown = {r};
  set.all = {r};
  count_kinds(set);
  return set;
}

inline RenderOptions plain_options() {
  RenderOptions o;
  o.color = false;
  o.source_root = RACELIGHT_TEST_FIXTURES;
  return o;
}

inline size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1))
    ++n;
  return n;
}

}  // namespace racelight::test
