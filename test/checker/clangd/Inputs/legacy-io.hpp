// A header with two blocking functions: one says so in its declaration, one
// only in its body, which clangd's preamble does not keep.
#pragma once
#include <corio/blocking.hpp>
#include <unistd.h>

CORIO_BLOCKING void legacy_flush();

inline void legacy_settle() { usleep(100); }
