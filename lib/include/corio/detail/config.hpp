// Compiler feature switches shared by every corio header.
#pragma once

// Defining CORIO_NO_CORO_ATTRIBUTES drops clang's coroutine attributes: clang then
// accepts std::function<task<T>()> and std::invoke returning a task, at the
// price of its dangling-argument warnings.
#if defined(__has_cpp_attribute) && !defined(CORIO_NO_CORO_ATTRIBUTES)
#if __has_cpp_attribute(clang::coro_return_type)
/// Marks a coroutine return type so clang can reason about its lifetime.
#define CORIO_CORO_RETURN_TYPE [[clang::coro_return_type]]
#endif
#if __has_cpp_attribute(clang::coro_lifetimebound)
/// Arguments of a coroutine returning this type are checked for dangling references.
#define CORIO_CORO_LIFETIMEBOUND [[clang::coro_lifetimebound]]
#endif
#if __has_cpp_attribute(clang::coro_wrapper)
#define CORIO_CORO_WRAPPER [[clang::coro_wrapper]]
#endif
#endif
#ifndef CORIO_CORO_RETURN_TYPE
#define CORIO_CORO_RETURN_TYPE
#endif
#ifndef CORIO_CORO_LIFETIMEBOUND
#define CORIO_CORO_LIFETIMEBOUND
#endif
#ifndef CORIO_CORO_WRAPPER
#define CORIO_CORO_WRAPPER
#endif

// ASan cannot see inside a recycling allocator, so frames come from plain new under it.
#if defined(__SANITIZE_ADDRESS__)
#define CORIO_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CORIO_ASAN 1
#endif
#endif
#if defined(CORIO_ASAN) && !defined(CORIO_PLAIN_NEW_FRAMES)
#define CORIO_PLAIN_NEW_FRAMES 1
#endif

// NOTE: gcc (12 at least) turns a symmetric transfer (await_suspend returning a
// coroutine_handle) into a tail call only when sibling-call optimization is on,
// which -O1 leaves off (and the optimize attribute does not reach the coroutine
// body), so every synchronously completing co_await would grow the stack and a
// long chain would overflow it. Under gcc, corio therefore transfers through a
// trampoline in the loop instead (see detail::transfer_to in task.hpp): flat
// stack at every -O level, at the cost of one return per transfer. Define
// CORIO_SYMMETRIC_TRANSFER=1 to use plain tail calls when building with -O2.
// Code that resumes a coroutine by hand from inside a task must then use
// corio::detail::resume(h), not h.resume(), so transfers are not lost.
#if defined(__GNUC__) && !defined(__clang__) && !defined(CORIO_SYMMETRIC_TRANSFER)
#define CORIO_TRAMPOLINE 1
#endif
