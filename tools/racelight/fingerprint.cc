#include "fingerprint.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <vector>

#include "paths.h"

namespace racelight {

uint64_t fnv1a64(const std::string& bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a 64-bit offset basis
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;  // FNV-1a 64-bit prime
  }
  return hash;
}

std::string fingerprint_input(const Report& report) {
  const char kUnit = '\x1f', kRecord = '\x1e';
  std::vector<std::tuple<std::string, std::string, int64_t>> frames;
  for (const Event& e : report.events) {
    const Frame* f = top_user_frame(e);
    if (f)
      frames.emplace_back(f->function, path_basename(f->file), f->line);
    else
      frames.emplace_back("", "", 0);
  }
  std::sort(frames.begin(), frames.end());
  std::string in = "racelight/v1";
  in += kUnit;
  in += report.kind;
  in += kUnit;
  in += report.subkind;
  in += kUnit;
  for (const auto& [function, file, line] : frames) {
    in += function;
    in += kUnit;
    in += file;
    in += kUnit;
    in += std::to_string(line);
    in += kRecord;
  }
  return in;
}

std::string compute_fingerprint(const Report& report) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx",
                static_cast<unsigned long long>(fnv1a64(fingerprint_input(report))));
  return buf;
}

}  // namespace racelight
