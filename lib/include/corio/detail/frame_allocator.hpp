// Per-thread recycling allocator for coroutine frames.
//
// Frames are allocated and freed in bursts of the same few sizes (one per
// coroutine function), so a free list per 16-byte size class turns most frame
// allocations into a pointer pop. Memory always comes from ::operator new, so a
// frame freed on another thread simply joins that thread's list.
//
// Bypassed (plain new/delete) under AddressSanitizer, where recycling would hide
// use-after-free, and when CORIO_PLAIN_NEW_FRAMES is defined (CMake option
// CORIO_FRAME_ALLOCATOR=OFF).
#pragma once

#include <corio/detail/config.hpp>

#include <cstddef>
#include <new>

namespace corio::detail {

class frame_allocator {
public:
  static constexpr std::size_t granule = 16;
  static constexpr std::size_t classes = 64;       // frames up to 1 KiB are recycled
  static constexpr std::size_t max_cached = 4096;  // per class, so a burst does not pin memory forever

  static void* allocate(std::size_t size) {
#ifndef CORIO_PLAIN_NEW_FRAMES
    std::size_t c = size_class(size);
    if (c < classes) {
      frame_allocator* self = instance();
      if (self != nullptr && self->m_free[c] != nullptr) {
        free_block* b = self->m_free[c];
        self->m_free[c] = b->next;
        --self->m_count[c];
        return b;
      }
      return ::operator new((c + 1) * granule);
    }
#endif
    return ::operator new(size);
  }

  static void deallocate(void* p, std::size_t size) noexcept {
#ifndef CORIO_PLAIN_NEW_FRAMES
    std::size_t c = size_class(size);
    if (c < classes) {
      frame_allocator* self = instance();
      if (self != nullptr && self->m_count[c] < max_cached) {
        auto* b = static_cast<free_block*>(p);
        b->next = self->m_free[c];
        self->m_free[c] = b;
        ++self->m_count[c];
        return;
      }
      ::operator delete(p, (c + 1) * granule);
      return;
    }
#endif
    ::operator delete(p, size);
  }

  frame_allocator() = default;
  frame_allocator(const frame_allocator&) = delete;
  frame_allocator& operator=(const frame_allocator&) = delete;
  ~frame_allocator() {
    for (std::size_t c = 0; c < classes; ++c) {
      while (free_block* b = m_free[c]) {
        m_free[c] = b->next;
        ::operator delete(b, (c + 1) * granule);
      }
    }
    alive() = false;
  }

private:
  struct free_block {
    free_block* next;
  };

  static std::size_t size_class(std::size_t size) noexcept { return (size + granule - 1) / granule - 1; }

  // NOTE: frames may be freed during thread-local destruction, after this
  // allocator is gone; alive() (trivially destructible) tells us to fall back to delete.
  static bool& alive() noexcept {
    thread_local bool flag = true;
    return flag;
  }
  static frame_allocator* instance() noexcept {
    if (!alive()) return nullptr;
    thread_local frame_allocator self;
    return &self;
  }

  free_block* m_free[classes] = {};
  [[maybe_unused]] std::size_t m_count[classes] = {};
};

/// Base for promise types whose frames use the recycling allocator.
struct frame_allocated {
  static void* operator new(std::size_t size) { return frame_allocator::allocate(size); }
  static void operator delete(void* p, std::size_t size) noexcept { frame_allocator::deallocate(p, size); }
};

} // namespace corio::detail
