#pragma once
// corio-get's output naming: where a URL's bytes may land on disk. The rule is
// "inside the output directory, never anywhere else", whatever the URL says.

#include <corio/http/url.hpp>

#include <string>
#include <string_view>

namespace corio_get {

/// The file name for a URL: its last path segment, percent-decoded, with path
/// separators, NUL and ".." removed and control characters replaced by '_', so
/// the result is one plain name inside the output directory. Empty (or only
/// dots) becomes "index.html". Cut to 200 bytes to stay under NAME_MAX with the
/// temporary suffix.
inline std::string safe_name(const corio::http::url& u) {
  std::string name;
  for (char c : u.last_segment()) {
    if (c == '/' || c == '\\' || c == '\0') continue;
    auto uc = static_cast<unsigned char>(c);
    name += (uc < 0x20 || uc == 0x7f) ? '_' : c;
  }
  // Removing one ".." can join two halves into a new one ("....": "..").
  for (std::size_t pos; (pos = name.find("..")) != std::string::npos;) name.erase(pos, 2);
  if (name.size() > 200) name.resize(200);
  if (name.find_first_not_of('.') == std::string::npos) name = "index.html";
  return name;
}

/// Joins the output directory and a safe name.
inline std::string output_path(std::string_view dir, std::string_view name) {
  std::string path(dir.empty() ? "." : dir);
  if (path.back() != '/') path += '/';
  path += name;
  return path;
}

} // namespace corio_get
