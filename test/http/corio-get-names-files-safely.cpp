// corio-get's output names: only the URL's last path segment, decoded, with
// separators, NUL and ".." removed, so a name never leaves the output
// directory; empty or all-dot names become index.html.
// RUN: %cxx %corio_flags -I%src_root/examples/corio-get %s -o %t && %t | %FileCheck %s

#include "naming.hpp"

#include <cstdio>

static void show(const char* url) {
  std::printf("[%s]\n", corio_get::safe_name(corio::http::url::parse(url)).c_str());
}

int main() {
  show("http://h/a/b/report.pdf?x=1#top");
  // CHECK: [report.pdf]
  show("http://h/");
  // CHECK-NEXT: [index.html]
  show("http://h");
  // CHECK-NEXT: [index.html]
  show("http://h/dir/..");
  // CHECK-NEXT: [index.html]
  show("http://h/...");
  // CHECK-NEXT: [index.html]
  show("http://h/x/..%2F..%2F..%2Fetc%2Fpasswd");
  // CHECK-NEXT: [etcpasswd]
  show("http://h/x/%2e%2e%5c%2e%2e%5cboot.ini");
  // CHECK-NEXT: [boot.ini]
  show("http://h/x/a%00b");
  // CHECK-NEXT: [ab]
  show("http://h/x/bell%07%1b%5b2J");
  // CHECK-NEXT: [bell__[2J]
  show("http://h/x/.bashrc");
  // CHECK-NEXT: [.bashrc]
  show("http://h/x/archive..tar.gz");
  // CHECK-NEXT: [archivetar.gz]
  show("http://h/x/caf%C3%A9.txt");
  // CHECK-NEXT: [café.txt]
  std::string long_url = "http://h/" + std::string(300, 'n');
  std::printf("%zu\n", corio_get::safe_name(corio::http::url::parse(long_url)).size());
  // CHECK-NEXT: 200
  std::printf("%s\n", corio_get::output_path("out/", "a.txt").c_str());
  // CHECK-NEXT: out/a.txt
  std::printf("%s\n", corio_get::output_path("", "a.txt").c_str());
  // CHECK-NEXT: ./a.txt
}
