#include "paths.h"

#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace racelight {

std::string path_basename(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string current_directory() {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  return ec ? std::string(".") : cwd.string();
}

std::string absolute_path(const std::string& path, const std::string& base) {
  if (path.empty()) return path;
  fs::path p(path);
  if (p.is_relative()) p = fs::path(base.empty() ? current_directory() : base) / p;
  return p.lexically_normal().string();
}

std::string relative_to(const std::string& path, const std::string& root) {
  if (path.empty() || root.empty()) return "";
  std::string abs = absolute_path(path);
  std::string r = absolute_path(root);
  while (r.size() > 1 && r.back() == '/') r.pop_back();
  if (r == "/") return abs.size() > 1 ? abs.substr(1) : "";
  if (abs.size() <= r.size() + 1) return "";
  if (abs.compare(0, r.size(), r) != 0 || abs[r.size()] != '/') return "";
  return abs.substr(r.size() + 1);
}

std::string executable_directory() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return "";
  buf[n] = '\0';
  return fs::path(buf).parent_path().string();
}

ToolLayout tool_layout(const std::string& bindir) {
  ToolLayout layout;
  fs::path lib = (fs::path(bindir) / ".." / "lib" / "racelight").lexically_normal();
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(lib, ec);
  if (!ec) lib = canonical;
  std::string dir = lib.string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  layout.libdir = dir;
  layout.plugin = dir + "/RacelightPass.so";
  layout.runtime = dir + "/libracelight_rt.a";
  layout.dynlist = dir + "/racelight.dynlist";
  return layout;
}

std::vector<std::string> compile_flags(const ToolLayout& layout) {
  return {"-fpass-plugin=" + layout.plugin, "-gline-tables-only"};
}

std::vector<std::string> link_flags(const ToolLayout& layout) {
  return {"-Wl,--whole-archive", layout.runtime, "-Wl,--no-whole-archive",
          "-Wl,--dynamic-list=" + layout.dynlist, "-lpthread", "-ldl"};
}

bool file_is_readable(const std::string& path) { return access(path.c_str(), R_OK) == 0; }

bool read_file(const std::string& path, std::string& contents) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return false;
  if (S_ISDIR(st.st_mode)) {
    errno = EISDIR;
    return false;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == 0) errno = EACCES;
    return false;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return false;
  contents = ss.str();
  return true;
}

}  // namespace racelight
