// CORIO_BLOCKING and CORIO_NONBLOCKING: tell the corio-blocking-call check
// what a function does to the thread that calls it.
#pragma once

/// Put CORIO_BLOCKING in front of the declaration of a function that blocks
/// the thread (waits on a disk, a lock, a child process, a synchronous
/// client library...):
///
///     CORIO_BLOCKING std::string read_config(const std::string& path);
///
/// The corio-blocking-call check then reports every call to it made inside a
/// coroutine, and every call to a function that reaches it, even when only the
/// declaration is visible (a function defined in another file, or a header
/// that clangd did not parse the body of). Offload such calls with
/// `co_await corio::to_thread(...)`. Under compilers other than clang the
/// macro expands to nothing; it never changes the generated code.
#if defined(__clang__)
#define CORIO_BLOCKING [[clang::annotate("corio::blocking")]]
#else
#define CORIO_BLOCKING
#endif

/// Put CORIO_NONBLOCKING in front of a function that calls functions the
/// check knows as blocking, but in a way that cannot block: a read() on a
/// descriptor opened O_NONBLOCK, getaddrinfo() with AI_NUMERICHOST. The check
/// trusts the mark and does not look inside. Keep such functions small, so
/// that the claim is easy to verify by reading them.
#if defined(__clang__)
#define CORIO_NONBLOCKING [[clang::annotate("corio::nonblocking")]]
#else
#define CORIO_NONBLOCKING
#endif
