// The whole library: include this, or the one header you need.
#pragma once

// Runtime core
#include <corio/blocking.hpp>
#include <corio/cancellation.hpp>
#include <corio/exceptions.hpp>
#include <corio/loop.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/timeout.hpp>
