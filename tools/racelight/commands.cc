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

// Prints the problems met reading report files. The readers keep at most
// kMaxErrorsPerFile per file and count the rest in one more message (a binary or garbage file
// would otherwise print one error per line: 77,645 for 20 MB).
void print_load_errors(const std::vector<std::string>& errors) {
  for (const std::string& e : errors) print_error(e);
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

void ReportCollector::add(Report&& r) {
  r.fingerprint = compute_fingerprint(r);
  if (!r.suppressed) {
    if (const Suppression* s = suppressions_.match(r)) {
      r.suppressed = true;
      r.suppressed_by = s->type + ":" + s->pattern;
    }
  }
  auto it = index_.find(r.fingerprint);
  if (it != index_.end()) {
    std::vector<Report> one;
    one.push_back(std::move(kept_[it->second]));
    one.push_back(std::move(r));
    kept_[it->second] = std::move(merge_duplicates(std::move(one)).front());
    return;
  }
  auto c = counted_.find(r.fingerprint);
  if (c != counted_.end()) {
    c->second.suppressed = c->second.suppressed && r.suppressed;
    c->second.occurrences += r.occurrences;
    return;
  }
  if (kept_.empty() || (kept_.size() < kMaxKeptReports &&
                        kept_bytes_ + r.source_bytes <= kMaxKeptReportBytes)) {
    kept_bytes_ += r.source_bytes;
    index_.emplace(r.fingerprint, kept_.size());
    kept_.push_back(std::move(r));
  } else if (counted_.size() < kMaxTrackedFingerprints) {
    counted_.emplace(r.fingerprint, Counted{r.kind, r.suppressed, r.occurrences});
  } else if (!r.suppressed) {
    untracked_[r.kind] += r.occurrences;
  }
}

ReportSet ReportCollector::finish(const Baseline* baseline) {
  ReportSet set;
  set.all = std::move(kept_);
  kept_.clear();
  index_.clear();
  std::set<std::string> current;
  for (const Report& r : set.all) {
    current.insert(r.fingerprint);
    if (r.suppressed)
      ++set.summary.suppressed;
    else
      set.shown.push_back(r);
  }
  for (const auto& [fp, c] : counted_) {
    current.insert(fp);
    if (c.suppressed) {
      ++set.summary.suppressed;
    } else if (baseline && baseline->contains_fingerprint(fp)) {
      ++set.summary.known;
    } else {
      ++set.omitted_kinds[c.kind];
      set.omitted_occurrences += c.occurrences;
    }
  }
  for (const auto& [kind, n] : untracked_) {
    set.omitted_kinds[kind] += n;
    set.omitted_occurrences += n;
  }
  count_kinds(set);
  if (baseline) {
    size_t known_omitted = set.summary.known;
    baseline->apply(set, current);
    set.summary.known += known_omitted;
  }
  return set;
}

ReportSet process_reports(std::vector<Report> reports, const Suppressions& suppressions,
                          const Baseline* baseline) {
  ReportCollector collector(suppressions);
  for (Report& r : reports) collector.add(std::move(r));
  return collector.finish(baseline);
}

void warn_omitted(const ReportSet& set) {
  size_t omitted = set.summary.reports - set.shown.size();
  if (omitted)
    print_warning(std::to_string(omitted) + " distinct reports were counted but not kept, so " +
                  "not rendered (at most " + std::to_string(kMaxKeptReports) + " reports or " +
                  std::to_string(kMaxKeptReportBytes >> 20) + " MB of report text are kept)");
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

// Streams every input file into `collector`; prints the problems. False if any.
bool load_inputs(const std::vector<std::string>& files, ReportCollector& collector) {
  std::vector<std::string> errors;
  bool ok = true;
  for (const std::string& f : files)
    ok = read_report_stream(f, [&](Report&& r) { collector.add(std::move(r)); }, errors) && ok;
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
  ReportCollector collector(suppressions);
  bool inputs_ok = load_inputs(options.args, collector);
  ReportSet set = collector.finish(nullptr);
  warn_omitted(set);
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
  ReportCollector collector(suppressions);
  bool inputs_ok = load_inputs(options.args, collector);
  ReportSet set = collector.finish(&baseline);
  warn_omitted(set);
  int status = render_and_write(options, set);
  const Summary& s = set.summary;
  std::cerr << "racelight gate: " << s.reports << " new, " << s.known << " known, " << s.fixed
            << " fixed, " << s.suppressed << " suppressed" << std::endl;
  if (!baseline_ok || !inputs_ok || status != kExitClean) return kExitError;
  return s.reports ? kExitReports : kExitClean;
}

}  // namespace racelight
