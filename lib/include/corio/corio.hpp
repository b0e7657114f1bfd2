// The whole library: include this, or the one header you need.
#pragma once

// Runtime core
#include <corio/blocking.hpp>
#include <corio/as_completed.hpp>
#include <corio/async_generator.hpp>
#include <corio/cancellation.hpp>
#include <corio/debug.hpp>
#include <corio/exceptions.hpp>
#include <corio/gather.hpp>
#include <corio/loop.hpp>
#include <corio/map_concurrent.hpp>
#include <corio/run.hpp>
#include <corio/sleep.hpp>
#include <corio/spawn.hpp>
#include <corio/task.hpp>
#include <corio/task_group.hpp>
#include <corio/timeout.hpp>
#include <corio/to_thread.hpp>
#include <corio/when_any.hpp>

// Synchronisation between tasks
#include <corio/sync/condition.hpp>
#include <corio/sync/event.hpp>
#include <corio/sync/mutex.hpp>
#include <corio/sync/queue.hpp>
#include <corio/sync/semaphore.hpp>

// I/O: files, sockets, DNS, signals, subprocesses
#include <corio/io/address.hpp>
#include <corio/io/buffered_reader.hpp>
#include <corio/io/byte_stream.hpp>
#include <corio/io/error.hpp>
#include <corio/io/file.hpp>
#include <corio/io/fs.hpp>
#include <corio/io/listener.hpp>
#include <corio/io/pipe.hpp>
#include <corio/io/process.hpp>
#include <corio/io/resolve.hpp>
#include <corio/io/signal.hpp>
#include <corio/io/socket.hpp>
#include <corio/io/stream.hpp>
#include <corio/io/tcp.hpp>
#include <corio/io/udp.hpp>
#include <corio/io/unix.hpp>

// HTTP/1.1 client and server, HTTPS (corio/http.hpp alone for just these)
#include <corio/http.hpp>
