#include "commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <set>

#include "fingerprint.h"
#include "paths.h"

namespace racelight {

void print_error(const std::string& message) {
  std::cerr << "racelight: error: " << message << std::endl;
}

void print_warning(const std::string& message) {
  std::cerr << "racelight: warning: " << message << std::endl;
}

// Prints the first problems met reading report files, and how many more there were (a
// binary or garbage file would otherwise print one error per line: 77,645 for 20 MB).
void print_load_errors(const std::vector<std::string>& errors) {
  constexpr size_t kMaxShown = 20;
  for (size_t i = 0; i < errors.size() && i < kMaxShown; ++i) print_error(errors[i]);
  if (errors.size() > kMaxShown)
    print_error(std::to_string(errors.size() - kMaxShown) +
                " more problems in the report files not shown");
}

bool want_color(ColorMode mode, int fd) {
  if (mode == ColorMode::kAlways) return true;
  if (mode == ColorMode::kNever) return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  const char* term = std::getenv("TERM");
  if (term && std::strcmp(term, "dumb") == 0) return false;
  return isatty(fd) == 1;
}

RenderOptions render_options(const CommandOptions& options, int fd) {
  RenderOptions r;
  r.show_source = options.show_source;
  r.show_system_frames = options.show_system_frames;
  r.source_root = absolute_path(options.source_root.empty() ? current_directory()
                                                            : options.source_root);
  bool to_terminal_stream = options.output == "-";
  r.color = options.format == Format::kText &&
            (options.color == ColorMode::kAlways ||
             (to_terminal_stream && want_color(options.color, fd)));
  return r;
}

ReportSet process_reports(std::vector<Report> reports, const Suppressions& suppressions,
                          const Baseline* baseline) {
  for (Report& r : reports) r.fingerprint = compute_fingerprint(r);
  suppressions.apply(reports);
  ReportSet set;
  set.all = merge_duplicates(std::move(reports));
  std::set<std::string> current;
  for (const Report& r : set.all) {
    current.insert(r.fingerprint);
    if (r.suppressed)
      ++set.summary.suppressed;
    else
      set.shown.push_back(r);
  }
  count_kinds(set);
  if (baseline) baseline->apply(set, current);
  return set;
}

bool load_suppressions(const std::vector<std::string>& files, Suppressions& out) {
  for (const std::string& f : files) {
    std::string error;
    if (!out.load_file(f, error)) {
      print_error(error);
      return false;
    }
  }
  return true;
}

bool check_output_writable(const std::string& path) {
  if (path == "-") return true;
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) {
    print_error("cannot write output file '" + path + "': " + std::strerror(errno));
    return false;
  }
  close(fd);
  return true;
}

bool write_output(const std::string& path, const std::string& text, int fallback_fd) {
  int fd = fallback_fd;
  if (path != "-") {
    fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
      print_error("cannot write output file '" + path + "': " + std::strerror(errno));
      return false;
    }
  } else {
    // Keep what iostreams may already have buffered in order.
    std::cout.flush();
    std::cerr.flush();
  }
  size_t done = 0;
  bool ok = true;
  while (done < text.size()) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      print_error("cannot write output file '" + (path == "-" ? std::string("<stdout>") : path) +
                  "': " + std::strerror(errno));
      ok = false;
      break;
    }
    done += static_cast<size_t>(n);
  }
  if (path != "-" && close(fd) != 0 && ok) {
    print_error("cannot write output file '" + path + "': " + std::strerror(errno));
    ok = false;
  }
  return ok;
}

namespace {

// Loads every input file; prints the problems. False if any.
bool load_inputs(const std::vector<std::string>& files, std::vector<Report>& reports) {
  std::vector<std::string> errors;
  bool ok = true;
  for (const std::string& f : files) ok = load_report_file(f, reports, errors) && ok;
  print_load_errors(errors);
  return ok;
}

int render_and_write(const CommandOptions& options, const ReportSet& set) {
  RenderOptions ro = render_options(options, STDOUT_FILENO);
  return write_output(options.output, render(options.format, set, ro), STDOUT_FILENO)
             ? kExitClean
             : kExitError;
}

}  // namespace

int cmd_report(const CommandOptions& options) {
  if (options.args.empty()) {
    print_error("report: no report files given (use - for standard input)");
    return kExitError;
  }
  Suppressions suppressions;
  if (!load_suppressions(options.suppressions, suppressions)) return kExitError;
  std::vector<Report> reports;
  bool inputs_ok = load_inputs(options.args, reports);
  ReportSet set = process_reports(std::move(reports), suppressions, nullptr);
  int status = render_and_write(options, set);
  return inputs_ok ? status : kExitError;
}

int cmd_baseline(const CommandOptions& options) {
  CommandOptions o = options;
  if (!o.format_given) o.format = Format::kJson;
  return cmd_report(o);
}

int cmd_gate(const CommandOptions& options) {
  if (options.args.empty()) {
    print_error("gate: no report files given (use - for standard input)");
    return kExitError;
  }
  Suppressions suppressions;
  if (!load_suppressions(options.suppressions, suppressions)) return kExitError;
  Baseline baseline;
  std::vector<std::string> errors;
  bool baseline_ok = options.baseline.empty() || baseline.load_file(options.baseline, errors);
  print_load_errors(errors);
  std::vector<Report> reports;
  bool inputs_ok = load_inputs(options.args, reports);
  ReportSet set = process_reports(std::move(reports), suppressions, &baseline);
  int status = render_and_write(options, set);
  const Summary& s = set.summary;
  std::cerr << "racelight gate: " << s.reports << " new, " << s.known << " known, " << s.fixed
            << " fixed, " << s.suppressed << " suppressed" << std::endl;
  if (!baseline_ok || !inputs_ok || status != kExitClean) return kExitError;
  return s.reports ? kExitReports : kExitClean;
}

}  // namespace racelight
