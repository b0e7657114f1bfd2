// Intrusive doubly linked list: nodes embed their links, so linking allocates nothing.
#pragma once

#include <cstddef>

namespace corio::detail {

/// Links embedded in a list element. An unlinked hook points to itself.
struct list_hook {
  list_hook* m_prev = this;
  list_hook* m_next = this;

  list_hook() = default;
  list_hook(const list_hook&) = delete;
  list_hook& operator=(const list_hook&) = delete;

  bool linked() const noexcept { return m_next != this; }
  void unlink() noexcept {
    m_prev->m_next = m_next;
    m_next->m_prev = m_prev;
    m_prev = m_next = this;
  }
};

/// A FIFO list of T, where T derives from list_hook. Does not own its elements.
template <class T> class intrusive_list {
public:
  intrusive_list() = default;
  intrusive_list(const intrusive_list&) = delete;
  intrusive_list& operator=(const intrusive_list&) = delete;

  bool empty() const noexcept { return !m_head.linked(); }
  void push_back(T& item) noexcept {
    list_hook& h = item;
    h.m_prev = m_head.m_prev;
    h.m_next = &m_head;
    m_head.m_prev->m_next = &h;
    m_head.m_prev = &h;
  }
  T& front() noexcept { return static_cast<T&>(*m_head.m_next); }
  T* pop_front() noexcept {
    if (empty()) return nullptr;
    T& item = front();
    static_cast<list_hook&>(item).unlink();
    return &item;
  }
  static void remove(T& item) noexcept { static_cast<list_hook&>(item).unlink(); }

  /// Calls fn(T&) for every element; fn may unlink the element it is given.
  template <class Fn> void for_each(Fn fn) {
    for (list_hook* h = m_head.m_next; h != &m_head;) {
      list_hook* next = h->m_next;
      fn(static_cast<T&>(*h));
      h = next;
    }
  }
  std::size_t size() const noexcept {
    std::size_t n = 0;
    for (const list_hook* h = m_head.m_next; h != &m_head; h = h->m_next) ++n;
    return n;
  }

private:
  list_hook m_head;
};

} // namespace corio::detail
