#pragma once
// corio-get's command line: parsing, --help, and usage errors (exit status 2).

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace corio_get {

inline constexpr int exit_ok = 0;
inline constexpr int exit_failed = 1;
inline constexpr int exit_usage = 2;

/// Thrown for a bad command line; main() prints it with a usage hint, exits 2.
class usage_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

enum class progress_mode { automatic, bars, plain, none };

struct options {
  std::vector<std::string> urls;
  std::string output_dir = ".";
  unsigned jobs = 8;
  unsigned retries = 3;
  std::chrono::milliseconds retry_delay{500};
  std::chrono::milliseconds timeout{60'000};
  std::chrono::milliseconds connect_timeout{10'000};
  unsigned max_redirects = 10;
  bool force = false;
  bool insecure = false;
  std::string ca_file;
  progress_mode progress = progress_mode::automatic;
  bool summary = true;
};

inline constexpr const char* help_text = R"(Usage: corio-get [OPTION]... URL...
       corio-get [OPTION]... -i FILE

Download URLs over HTTP and HTTPS, many at once, into one directory.

Each file is named after the last segment of its URL's path. Names are made
safe first: path separators and ".." are removed, so nothing is ever written
outside the output directory, and a URL ending in "/" is saved as index.html.
An existing file is left alone unless --force is given. Data goes to a hidden
temporary file that is renamed into place only when the download is complete.
Only http and https URLs are fetched, also when a server redirects.

Options:
  -j, --jobs N            download at most N files at once (default: 8)
  -o, --output-dir DIR    save files into DIR, creating it if needed (default: .)
  -i, --input-file FILE   read URLs from FILE, one per line; '-' reads standard
                          input; blank lines and lines starting with '#' are skipped
  -f, --force             overwrite files that already exist
  -r, --retries N         retry a failed download up to N times (default: 3);
                          the wait doubles after each attempt, starting at --retry-delay
      --retry-delay MS    wait before the first retry, in milliseconds (default: 500)
  -t, --timeout SECONDS   give up on one attempt after SECONDS (default: 60)
      --connect-timeout SECONDS
                          give up connecting after SECONDS (default: 10)
      --max-redirects N   follow at most N redirects per URL (default: 10)
      --cacert FILE       trust the CA certificates in FILE instead of the system store
  -k, --insecure          do not verify server certificates (unsafe)
      --progress WHEN     progress display: auto (bars on a terminal, lines
                          otherwise), bars, plain or none (default: auto)
  -q, --quiet             no progress and no summary; only errors
  -h, --help              show this help and exit
  -V, --version           show the version and exit

Retries happen after connection errors, timeouts and 5xx or 429 answers; not
after other 4xx answers, refused names or files that already exist.

Exit status:
  0  every URL was downloaded
  1  at least one download failed (see the summary table)
  2  the command line was wrong

Examples:
  corio-get https://example.com/a.tar.gz
  corio-get -j 16 -o mirror/ -i urls.txt
  corio-get --force -t 30 -r 5 http://localhost:8080/report.csv
)";

inline unsigned parse_count(std::string_view opt, const std::string& value, unsigned min) {
  char* end = nullptr;
  unsigned long n = std::strtoul(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || value[0] == '-' || n < min || n > 100000)
    throw usage_error("invalid value '" + value + "' for " + std::string(opt) + ": expected a number >= " +
                      std::to_string(min));
  return static_cast<unsigned>(n);
}

inline std::chrono::milliseconds parse_seconds(std::string_view opt, const std::string& value) {
  char* end = nullptr;
  double s = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(s > 0) || s > 1e6)
    throw usage_error("invalid value '" + value + "' for " + std::string(opt) + ": expected seconds > 0");
  return std::chrono::milliseconds(static_cast<long long>(s * 1000 + 0.5));
}

/// Adds the URLs listed in `path` ('-' for standard input).
inline void read_url_file(const std::string& path, std::vector<std::string>& urls) {
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) throw usage_error("cannot read URL list '" + path + "'");
  }
  std::istream& in = path == "-" ? std::cin : file;
  for (std::string line; std::getline(in, line);) {
    std::size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos || line[b] == '#') continue;
    std::size_t e = line.find_last_not_of(" \t\r");
    urls.push_back(line.substr(b, e - b + 1));
  }
}

/// Parses argv. Returns false when --help/--version was handled (exit 0).
inline bool parse_options(int argc, char** argv, options& o) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::vector<std::string> inputs;
  bool only_urls = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string a = args[i];
    if (only_urls || a.empty() || a[0] != '-' || a == "-") {
      o.urls.push_back(a);
      continue;
    }
    if (a == "--") {
      only_urls = true;
      continue;
    }
    std::string inline_value;
    bool has_inline = false;
    if (a.rfind("--", 0) == 0) {
      if (auto eq = a.find('='); eq != std::string::npos) {
        inline_value = a.substr(eq + 1);
        a.resize(eq);
        has_inline = true;
      }
    } else if (a.size() > 2) { // -j8
      inline_value = a.substr(2);
      a.resize(2);
      has_inline = true;
    }
    auto value = [&]() -> std::string {
      if (has_inline) return inline_value;
      if (i + 1 >= args.size()) throw usage_error("option " + a + " needs a value");
      return args[++i];
    };
    auto flag = [&] {
      if (has_inline) throw usage_error("option " + a + " takes no value");
    };
    if (a == "-h" || a == "--help") {
      std::fputs(help_text, stdout);
      return false;
    } else if (a == "-V" || a == "--version") {
      std::puts("corio-get " CORIO_GET_VERSION);
      return false;
    } else if (a == "-j" || a == "--jobs") {
      o.jobs = parse_count(a, value(), 1);
    } else if (a == "-o" || a == "--output-dir") {
      o.output_dir = value();
      if (o.output_dir.empty()) throw usage_error("option " + a + " needs a directory");
    } else if (a == "-i" || a == "--input-file") {
      inputs.push_back(value());
    } else if (a == "-f" || a == "--force") {
      flag();
      o.force = true;
    } else if (a == "-r" || a == "--retries") {
      o.retries = parse_count(a, value(), 0);
    } else if (a == "--retry-delay") {
      o.retry_delay = std::chrono::milliseconds(parse_count(a, value(), 0));
    } else if (a == "-t" || a == "--timeout") {
      o.timeout = parse_seconds(a, value());
    } else if (a == "--connect-timeout") {
      o.connect_timeout = parse_seconds(a, value());
    } else if (a == "--max-redirects") {
      o.max_redirects = parse_count(a, value(), 0);
    } else if (a == "--cacert") {
      o.ca_file = value();
    } else if (a == "-k" || a == "--insecure") {
      flag();
      o.insecure = true;
    } else if (a == "--progress") {
      std::string v = value();
      if (v == "auto") o.progress = progress_mode::automatic;
      else if (v == "bars") o.progress = progress_mode::bars;
      else if (v == "plain") o.progress = progress_mode::plain;
      else if (v == "none") o.progress = progress_mode::none;
      else throw usage_error("invalid value '" + v + "' for --progress: expected auto, bars, plain or none");
    } else if (a == "-q" || a == "--quiet") {
      flag();
      o.progress = progress_mode::none;
      o.summary = false;
    } else {
      throw usage_error("unknown option '" + a + "'");
    }
  }
  for (const auto& path : inputs) read_url_file(path, o.urls);
  if (o.urls.empty()) throw usage_error("no URL given");
  return true;
}

} // namespace corio_get
