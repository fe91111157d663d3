// Path helpers and the install layout: where the plugin and runtime live relative to the
// `racelight` executable (<bindir>/../lib/racelight, the same in the build tree and in an
// install prefix).
#pragma once

#include <string>
#include <vector>

namespace racelight {

// Last component of a path ("a/b/c.c" -> "c.c"; "c.c" -> "c.c").
std::string path_basename(const std::string& path);

// Lexically normalized absolute form of `path` (relative paths are taken from `base`,
// which defaults to the current directory). No symlinks are resolved.
std::string absolute_path(const std::string& path, const std::string& base = "");

// `path` relative to `root` when it lies under it (both made absolute first), else "".
std::string relative_to(const std::string& path, const std::string& root);

// The current working directory ("." when it cannot be read).
std::string current_directory();

// Directory of the running executable (from /proc/self/exe), "" if unknown.
std::string executable_directory();

// Layout of the files the compiler wrappers use.
struct ToolLayout {
  std::string libdir;   // <bindir>/../lib/racelight
  std::string plugin;   // RacelightPass.so
  std::string runtime;  // libracelight_rt.a
  std::string dynlist;  // racelight.dynlist
};
ToolLayout tool_layout(const std::string& bindir);

// The flags the wrappers add (one element per argument).
std::vector<std::string> compile_flags(const ToolLayout& layout);
std::vector<std::string> link_flags(const ToolLayout& layout);

bool file_is_readable(const std::string& path);

// Reads a whole file; false when it cannot be opened.
bool read_file(const std::string& path, std::string& contents);

}  // namespace racelight
