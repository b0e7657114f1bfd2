// Debug mode: task dumps; slow steps and the backend are reported by the loop
// when CORIO_DEBUG=1 or loop_options::debug is set.
#pragma once

#include <corio/loop.hpp>

#include <cstdio>

namespace corio {

/// Writes every live task of the current loop to `out`: its id, name, state
/// (running, ready, or suspended) and what it awaits (sleep, task, event,
/// mutex, queue pop, an I/O operation's name, ...). Does nothing outside a loop.
///
///     corio: 2 live tasks
///       task-1 'main' running
///       task-2 'worker' suspended: awaiting sleep
inline void dump_tasks(std::FILE* out = stderr) {
  if (detail::loop* l = detail::loop::current()) l->dump_tasks(out);
}

/// True if the current loop runs in debug mode.
inline bool debug_enabled() noexcept {
  detail::loop* l = detail::loop::current();
  return l != nullptr && l->debug();
}

} // namespace corio
