-- wrk script for bench:drop: POST /drops/:id/holds with the fans' tokens in rotation, a fresh
-- Idempotency-Key per request, variants round-robin. Prints one JSON line (WRKJSON …) at the
-- end with the latency percentiles and the answers by status, summed over the threads.
-- wrk -t1 -c256 -d5s -s holds.lua http://127.0.0.1:PORT -- <tokens file> <path> <variant,ids> <tag>

local threads = {}
local counter = 0

function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

function init(args)
  tokens = {}
  for line in io.lines(args[1]) do
    if #line > 0 then tokens[#tokens + 1] = line end
  end
  path = args[2]
  variants = {}
  for id in string.gmatch(args[3], "[^,]+") do variants[#variants + 1] = id end
  tag = args[4] .. "-" .. tostring(thread_index)
  statuses = {}
  -- Threads start at different fans so that they do not send the same fan at the same time.
  counter = thread_index * 7919
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  local variant = variants[(counter % #variants) + 1]
  local headers = {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. token,
    ["Idempotency-Key"] = tag .. "-" .. tostring(counter),
  }
  local body = '{"variantId":"' .. variant .. '","quantity":1}'
  return wrk.format("POST", path, headers, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by_status = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do
      by_status[tostring(status)] = (by_status[tostring(status)] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(by_status) do parts[#parts + 1] = '"' .. status .. '":' .. n end
  local errors = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"durationUs":%d,"p50Us":%d,"p90Us":%d,"p99Us":%d,"maxUs":%d,' ..
      '"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, errors.connect, errors.read, errors.write,
    errors.timeout, table.concat(parts, ",")))
end
