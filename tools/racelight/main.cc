// racelight: the command-line front end of Racelight. Parses the command line and hands
// over to the subcommands (commands.cc, run.cc) or prints the compile helpers.
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "commands.h"
#include "paths.h"
#include "version.h"

namespace racelight {
namespace {

const char kHelp[] =
    R"(racelight - collect, render and gate Racelight data-race and deadlock reports

Usage:
  racelight report [OPTIONS] FILE...         render JSON Lines report files (- = stdin)
  racelight gate [--baseline KNOWN] [OPTIONS] FILE...
                                             show reports not in KNOWN; exit 66 if any
  racelight baseline [OPTIONS] FILE... > known.jsonl
                                             write a baseline (report --format json)
  racelight run [OPTIONS] [--] PROGRAM [ARGS...]
                                             run an instrumented PROGRAM, collect the
                                             reports of it and its child processes
  racelight --plugin-path | --runtime-path | --compile-flags | --link-flags
  racelight --version | --help

Options of report, gate, baseline and run:
  -f, --format FORMAT      text, json, sarif, junit, html or summary
                           (default: text; baseline: json); html is one
                           self-contained page (docs/usage.md)
  -o, --output FILE        write the rendering to FILE
                           (default: - = standard output; run: standard error)
  -s, --suppressions FILE  suppressions in ThreadSanitizer syntax; may repeat
                           (default: none; run also reads suppressions=FILE
                           from RACELIGHT_OPTIONS)
  --source-root DIR        show paths under DIR relative to it; SARIF %SRCROOT%
                           (default: the current directory)
  --no-source              do not quote source lines (default: quote them when
                           the source file is readable)
  --show-system-frames     show every frame in system headers (libstdc++, libc, ...)
                           (default: fold each run into "... N frames in libstdc++")
  --color WHEN             auto, always or never (default: auto = colour when
                           writing to a terminal and NO_COLOR is unset)
  --baseline KNOWN         a JSON Lines file of known reports; only reports whose
                           fingerprint is not in it count (gate, run; default: none)
  --keep-reports DIR       run: also keep the raw JSON Lines reports in DIR
                           (default: not kept)
  -h, --help               this help

Compile helpers (paths are relative to this executable: <bindir>/../lib/racelight):
  --plugin-path            the pass plugin, RacelightPass.so
  --runtime-path           the runtime library, libracelight_rt.a
  --compile-flags          -fpass-plugin=<plugin> -gline-tables-only
  --link-flags             -Wl,--whole-archive <runtime> -Wl,--no-whole-archive
                           -Wl,--dynamic-list=<lib>/racelight.dynlist -lpthread -ldl
  --version                the version

Exit status:
  0    no unsuppressed reports (gate, run: no new ones)
  66   unsuppressed reports (gate, run: new ones, when --baseline is given)
  2    bad usage or input (report, gate, baseline, helpers); what could be read is
       still rendered
  run: 128+N when PROGRAM was killed by signal N (even with reports); otherwise
       PROGRAM's own status; 125 when
       racelight itself fails, 126 when PROGRAM cannot be executed, 127 when it is
       not found
)";

void usage_error(const std::string& message) {
  print_error(message + " (see 'racelight --help')");
}

// Value of an option given as "--name VALUE" or "--name=VALUE". `i` is advanced.
bool option_value(const std::vector<std::string>& args, size_t& i, const std::string& arg,
                  const std::string& name, std::string& value, bool& matched, bool& ok) {
  matched = false;
  if (arg == name) {
    matched = true;
    if (i + 1 >= args.size()) {
      usage_error("option '" + name + "' needs a value");
      ok = false;
      return false;
    }
    value = args[++i];
    return true;
  }
  if (arg.compare(0, name.size() + 1, name + "=") == 0) {
    matched = true;
    value = arg.substr(name.size() + 1);
    return true;
  }
  return false;
}

// Parses the options of a subcommand. Returns false (error printed) on bad usage.
bool parse_options(const std::string& command, const std::vector<std::string>& args,
                   CommandOptions& o, bool& help) {
  bool is_run = command == "run";
  bool options_done = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg == "-" || arg.empty() || arg[0] != '-') {
      o.args.push_back(arg);
      if (is_run) {
        // Everything after PROGRAM belongs to it.
        o.args.insert(o.args.end(), args.begin() + i + 1, args.end());
        return true;
      }
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "-h" || arg == "--help") {
      help = true;
      return true;
    }
    if (arg == "--no-source") {
      o.show_source = false;
      continue;
    }
    if (arg == "--show-system-frames") {
      o.show_system_frames = true;
      continue;
    }
    std::string value;
    bool matched = false, ok = true;
    auto take = [&](const char* long_name, const char* short_name) {
      if (option_value(args, i, arg, long_name, value, matched, ok)) return true;
      if (!matched && short_name && ok)
        return option_value(args, i, arg, short_name, value, matched, ok);
      return false;
    };
    if (take("--format", "-f")) {
      if (!parse_format(value, o.format)) {
        usage_error("unknown format '" + value +
                    "' (expected text, json, sarif, junit, html or summary)");
        return false;
      }
      o.format_given = true;
    } else if (ok && take("--output", "-o")) {
      if (value.empty()) {
        usage_error("empty --output path");
        return false;
      }
      o.output = value;
    } else if (ok && take("--suppressions", "-s")) {
      o.suppressions.push_back(value);
    } else if (ok && take("--source-root", nullptr)) {
      o.source_root = value;
    } else if (ok && take("--color", nullptr)) {
      if (value == "auto")
        o.color = ColorMode::kAuto;
      else if (value == "always")
        o.color = ColorMode::kAlways;
      else if (value == "never")
        o.color = ColorMode::kNever;
      else {
        usage_error("--color must be auto, always or never, not '" + value + "'");
        return false;
      }
    } else if (ok && take("--baseline", nullptr)) {
      if (command == "report" || command == "baseline") {
        usage_error("option '--baseline' is for gate and run, not " + command);
        return false;
      }
      o.baseline = value;
    } else if (ok && take("--keep-reports", nullptr)) {
      if (!is_run) {
        usage_error("option '--keep-reports' is for run only");
        return false;
      }
      o.keep_reports = value;
    } else {
      if (ok) usage_error("unknown option '" + arg + "' for '" + command + "'");
      return false;
    }
  }
  return true;
}

int print_helper(const std::string& flag) {
  std::string bindir = executable_directory();
  if (bindir.empty()) {
    print_error("cannot find the racelight executable's directory (/proc/self/exe)");
    return kExitError;
  }
  ToolLayout layout = tool_layout(bindir);
  std::vector<std::string> needed;
  std::vector<std::string> words;
  if (flag == "--plugin-path") {
    needed = {layout.plugin};
    words = {layout.plugin};
  } else if (flag == "--runtime-path") {
    needed = {layout.runtime};
    words = {layout.runtime};
  } else if (flag == "--compile-flags") {
    needed = {layout.plugin};
    words = compile_flags(layout);
  } else {
    needed = {layout.runtime, layout.dynlist};
    words = link_flags(layout);
  }
  for (const std::string& f : needed)
    if (!file_is_readable(f)) {
      print_error("missing " + f + " (is the build or installation complete?)");
      return kExitError;
    }
  std::string line;
  for (const std::string& w : words) line += (line.empty() ? "" : " ") + w;
  std::cout << line << std::endl;
  return kExitClean;
}

}  // namespace

int main_impl(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kHelp;
    return kExitError;
  }
  const std::string& first = args[0];
  if (first == "-h" || first == "--help" || first == "help") {
    std::cout << kHelp;
    return kExitClean;
  }
  if (first == "--version" || first == "-V") {
    std::cout << "racelight " << RACELIGHT_VERSION << std::endl;
    return kExitClean;
  }
  if (first == "--plugin-path" || first == "--runtime-path" || first == "--compile-flags" ||
      first == "--link-flags") {
    if (args.size() > 1) {
      usage_error("'" + first + "' takes no arguments");
      return kExitError;
    }
    return print_helper(first);
  }
  if (first != "report" && first != "gate" && first != "baseline" && first != "run") {
    if (!first.empty() && first[0] == '-')
      usage_error("unknown option '" + first + "'");
    else
      usage_error("unknown command '" + first + "'");
    return kExitError;
  }
  CommandOptions options;
  bool help = false;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (!parse_options(first, rest, options, help)) return first == "run" ? kExitRunError : kExitError;
  if (help) {
    std::cout << kHelp;
    return kExitClean;
  }
  if (first == "report") return cmd_report(options);
  if (first == "gate") return cmd_gate(options);
  if (first == "baseline") return cmd_baseline(options);
  return cmd_run(options);
}

}  // namespace racelight

int main(int argc, char** argv) {
  try {
    return racelight::main_impl(argc, argv);
  } catch (const std::exception& e) {
    racelight::print_error(e.what());
    return racelight::kExitError;
  }
}
