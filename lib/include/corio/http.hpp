// HTTP/1.1: client (with a keep-alive pool and HTTPS), server, router, parser.
#pragma once

#include <corio/http/client.hpp>
#include <corio/http/client_errors.hpp>
#include <corio/http/client_response.hpp>
#include <corio/http/error.hpp>
#include <corio/http/message.hpp>
#include <corio/http/parser.hpp>
#include <corio/http/pool.hpp>
#include <corio/http/router.hpp>
#include <corio/http/serialize.hpp>
#include <corio/http/server.hpp>
#include <corio/http/static_files.hpp>
#include <corio/http/tls.hpp>
#include <corio/http/url.hpp>
