// corio-get: download many URLs at once over HTTP and HTTPS, safely.
// See `corio-get --help`, docs/corio-get.md, and options.hpp for the flags.
//
// Shape: main() checks the command line and the output names before the loop
// starts; then N workers (-j) take URLs in order and fetch each through one
// shared http::client, whose pool keeps connections alive per host. Every
// download lands in a hidden temporary file that is renamed into place only
// when the whole body has arrived.

#include "fetch.hpp"
#include "naming.hpp"
#include "options.hpp"
#include "report.hpp"

#include <corio/gather.hpp>
#include <corio/run.hpp>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

namespace {

using namespace corio_get;

/// Names every download and rejects, before any network traffic, what cannot
/// be saved: a bad URL, a scheme other than http/https, a name that another
/// URL of this run already uses, or (without --force) a file that exists.
void plan(const options& o, std::vector<download>& all) {
  std::set<std::string> taken;
  for (auto& d : all) {
    try {
      auto u = corio::http::url::parse(d.url);
      if (!u.is_http()) throw corio::http::url_error(d.url, "only http and https URLs are fetched");
      d.name = safe_name(u);
    } catch (const std::exception& e) {
      d.status = download::state::failed;
      d.error = e.what();
      continue;
    }
    if (!taken.insert(d.name).second) {
      d.status = download::state::failed;
      d.error = "output name '" + d.name + "' is already used by another URL of this run";
    } else if (!o.force && std::filesystem::exists(std::filesystem::symlink_status(output_path(o.output_dir, d.name)))) {
      d.status = download::state::failed;
      d.error = "'" + output_path(o.output_dir, d.name) + "' already exists (use --force to overwrite)";
    }
  }
}

corio::task<void> worker(fetcher& f, std::vector<download>& all, std::size_t& next) {
  while (next < all.size()) {
    download& d = all[next++];
    if (d.status == download::state::queued) co_await f.fetch(d);
  }
}

corio::task<int> run_all(options o, std::vector<download>& all) {
  auto started = clock::now();
  reporter rep(o.progress, o.summary, all);
  for (auto& d : all)
    if (d.status == download::state::failed) rep.finished(d);
  fetcher f(o, rep);
  std::size_t next = 0;
  std::vector<corio::task<void>> workers;
  for (unsigned i = 0; i < o.jobs && i < all.size(); ++i) workers.push_back(worker(f, all, next));
  co_await corio::gather(std::move(workers));
  co_return rep.finish(clock::now() - started);
}

} // namespace

int main(int argc, char** argv) {
  options o;
  try {
    if (!parse_options(argc, argv, o)) return exit_ok;
  } catch (const usage_error& e) {
    std::fprintf(stderr, "corio-get: %s\nTry 'corio-get --help' for more information.\n", e.what());
    return exit_usage;
  }
  std::error_code ec;
  std::filesystem::create_directories(o.output_dir, ec);
  if (ec || !std::filesystem::is_directory(o.output_dir)) {
    std::fprintf(stderr, "corio-get: cannot create output directory '%s': %s\n", o.output_dir.c_str(),
                 ec ? ec.message().c_str() : "not a directory");
    return exit_failed;
  }
  std::vector<download> all;
  for (auto& u : o.urls) {
    download d;
    d.url = u;
    all.push_back(std::move(d));
  }
  plan(o, all);
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return corio::run(run_all(o, all));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corio-get: %s\n", e.what());
    return exit_failed;
  }
}
