#include "junit.h"

#include <algorithm>

#include "text_render.h"

namespace racelight {

std::string xml_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (c < 0x20 || c == 0x7f)
          out += "\xEF\xBF\xBD";  // U+FFFD
        else
          out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

// Element content keeps newlines readable (no &#10;).
std::string xml_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t')
      out += c;
    else
      out += xml_escape(std::string(1, c));
  }
  return out;
}

}  // namespace

std::string junit_xml(const ReportSet& set, const RenderOptions& options) {
  RenderOptions plain = options;
  plain.color = false;
  TextRenderer text(plain);
  // At most kMaxOutputResults test cases, plus one failing case that counts the rest.
  size_t listed = std::min(set.shown.size(), kMaxOutputResults);
  size_t omitted = set.summary.reports - listed;
  size_t failures = listed + (omitted ? 1 : 0);
  size_t tests = failures ? failures : 1;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuite name=\"racelight\" tests=\"" + std::to_string(tests) + "\" failures=\"" +
         std::to_string(failures) + "\" errors=\"0\" skipped=\"0\">\n";
  out += "  <properties>\n";
  out += "    <property name=\"suppressed\" value=\"" + std::to_string(set.summary.suppressed) +
         "\"/>\n";
  if (omitted)
    out += "    <property name=\"omitted\" value=\"" + std::to_string(omitted) + "\"/>\n";
  if (set.summary.has_baseline) {
    out += "    <property name=\"known\" value=\"" + std::to_string(set.summary.known) + "\"/>\n";
    out += "    <property name=\"fixed\" value=\"" + std::to_string(set.summary.fixed) + "\"/>\n";
  }
  out += "  </properties>\n";
  if (failures == 0) {
    out += "  <testcase classname=\"racelight\" name=\"no " +
           std::string(set.summary.has_baseline ? "new " : "") + "reports\"/>\n";
  }
  for (size_t i = 0; i < listed; ++i) {
    const Report& r = set.shown[i];
    int primary = primary_event_index(r);
    const Frame* where = primary >= 0 ? top_user_frame(r.events[primary]) : nullptr;
    std::string name;
    std::string file_attrs;
    if (where) {
      std::string path = text.display_path(where->file);
      name = path + ":" + std::to_string(where->line) + ": ";
      file_attrs = " file=\"" + xml_escape(path) + "\" line=\"" + std::to_string(where->line) +
                   "\"";
    }
    name += r.message + " [" + r.fingerprint + "]";
    out += "  <testcase classname=\"racelight." + xml_escape(r.kind) + "\" name=\"" +
           xml_escape(name) + "\"" + file_attrs + ">\n";
    out += "    <failure type=\"" + xml_escape(r.kind) + "\" message=\"" + xml_escape(r.message) +
           "\">" + xml_text(text.report(r)) + "</failure>\n";
    out += "  </testcase>\n";
  }
  if (omitted) {
    std::string what = std::to_string(omitted) + " more reports not listed (at most " +
                       std::to_string(kMaxOutputResults) + " per file)";
    out += "  <testcase classname=\"racelight\" name=\"" + what + "\">\n";
    out += "    <failure type=\"omitted\" message=\"" + what + "\"/>\n";
    out += "  </testcase>\n";
  }
  out += "</testsuite>\n";
  return out;
}

}  // namespace racelight
