// JUnit XML output, for CI systems that show test reports (GitLab's artifacts:reports:junit,
// Jenkins, ...): one <testsuite name="racelight"> with one failing <testcase> per shown report
// (its text rendering in <failure>), or a single passing test case when there is none.
#pragma once

#include <string>

#include "render.h"

namespace racelight {

std::string junit_xml(const ReportSet& set, const RenderOptions& options);

// Escapes text for XML element content and attribute values; characters XML 1.0 cannot hold
// (control characters other than tab, newline, carriage return) become U+FFFD.
std::string xml_escape(const std::string& text);

}  // namespace racelight
