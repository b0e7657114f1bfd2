// Per-thread recycling allocator for coroutine frames.
//
// Frames are allocated and freed in bursts of the same few sizes (one per
// coroutine function), so a free list per size class turns most frame
// allocations into a pointer pop. Classes are 16*c + 8 bytes: exactly what a
// glibc chunk of 16*(c+1) bytes holds, so rounding up to the class wastes
// nothing beyond what malloc would. Memory always comes from ::operator new, so a
// frame freed on another thread simply joins that thread's list.
//
// Bypassed (plain new/delete) under AddressSanitizer, where recycling would hide
// use-after-free, and when CORIO_PLAIN_NEW_FRAMES is defined (CMake option
// CORIO_FRAME_ALLOCATOR=OFF).
#pragma once

#include <corio/detail/config.hpp>

#include <cstddef>
#include <cstdint>
#include <new>

namespace corio::detail {

class frame_allocator {
public:
  static constexpr std::size_t granule = 16;
  static constexpr std::size_t classes = 64;       // frames up to ~1 KiB are recycled
  static constexpr std::size_t max_cached = 4096;  // per class, so a burst does not pin memory forever

  static void* allocate(std::size_t size) {
#ifndef CORIO_PLAIN_NEW_FRAMES
    std::size_t c = size_class(size);
    if (c < classes) {
      lists& l = t_lists;
      if (free_block* b = l.cls[c].head) {
        l.cls[c].head = b->next;
        --l.cls[c].count;
        return b;
      }
      return allocate_new(c);
    }
#endif
    return ::operator new(size);
  }

  static void deallocate(void* p, std::size_t size) noexcept {
#ifndef CORIO_PLAIN_NEW_FRAMES
    std::size_t c = size_class(size);
    if (c < classes) {
      lists& l = t_lists;
      if (l.cls[c].count < max_cached) { // a released thread's counts are all at the limit
        auto* b = static_cast<free_block*>(p);
        b->next = l.cls[c].head;
        l.cls[c].head = b;
        ++l.cls[c].count;
        return;
      }
      ::operator delete(p, class_bytes(c));
      return;
    }
#endif
    ::operator delete(p, size);
  }

private:
  struct free_block {
    free_block* next;
  };
  // Trivially destructible, so the hot path touches thread-local storage
  // without the guard a non-trivial thread_local object costs on every access.
  struct list {
    free_block* head;
    std::size_t count;
  };
  struct lists {
    list cls[classes]; // a class's head and count share a cache line
    bool dead;         // this thread's lists were released (and its counts set to the limit)
  };
  static inline thread_local lists t_lists{};

  // Frees this thread's cached blocks at thread exit (registered on first use).
  struct cleanup {
    ~cleanup() {
      lists& l = t_lists;
      for (std::size_t c = 0; c < classes; ++c) {
        while (free_block* b = l.cls[c].head) {
          l.cls[c].head = b->next;
          ::operator delete(b, class_bytes(c));
        }
        l.cls[c].count = max_cached; // frames freed from now on go to delete
      }
      l.dead = true;
    }
  };
  // The slow path, kept out of line so the free-list pop inlines into every coroutine call.
  [[gnu::noinline]] static void* allocate_new(std::size_t c) {
    if (!t_lists.dead) {
      thread_local cleanup registered;
      (void)registered;
    }
    return ::operator new(class_bytes(c));
  }

  static constexpr std::size_t size_class(std::size_t size) noexcept { return (size + granule / 2 - 1) / granule; }
  static constexpr std::size_t class_bytes(std::size_t c) noexcept { return granule * c + granule / 2; }
};

/// Base for promise types whose frames use the recycling allocator.
struct frame_allocated {
  static void* operator new(std::size_t size) { return frame_allocator::allocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_allocator::deallocate(p, size); }
};

} // namespace corio::detail
