-- wrk script: HTTP/1.1 pipelining. Each connection sends DEPTH requests for the URL's path
-- at once and waits for all DEPTH answers before sending the next batch.
--   wrk -t1 -c64 -d4s -s bench/http/pipeline.lua http://127.0.0.1:PORT/hello -- 16
init = function(args)
  local depth = tonumber(args[1]) or 16
  local batch = {}
  for i = 1, depth do batch[i] = wrk.format(nil) end
  pipelined = table.concat(batch)
end

request = function()
  return pipelined
end
