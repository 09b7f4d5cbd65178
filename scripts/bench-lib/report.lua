-- wrk script used by scripts/bench. Configured through the environment:
--   BENCH_METHOD        HTTP method (default GET)
--   BENCH_BODY_FILE     file whose bytes are sent as the request body (optional)
--   BENCH_CONTENT_TYPE  Content-Type header for the body (optional)
--   BENCH_EXPECT        if set (e.g. "201"), every response's status is checked
--                       in response() and mismatches are counted exactly; if
--                       unset, responses are not inspected (keeps wrk fast) and
--                       only wrk's own count of status >= 400 is reported.
-- done() prints one machine-readable line:
--   BENCH_RESULT requests=N duration_s=S rps=R p50_ms=.. p99_ms=.. max_ms=.. bad_status=N
--                err_connect=N err_read=N err_write=N err_timeout=N checked=0|1

local method = os.getenv("BENCH_METHOD") or "GET"
local body_file = os.getenv("BENCH_BODY_FILE")
local content_type = os.getenv("BENCH_CONTENT_TYPE")
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

wrk.method = method
if body_file and body_file ~= "" then
   local f = assert(io.open(body_file, "rb"))
   wrk.body = f:read("*a")
   f:close()
end
if content_type and content_type ~= "" then
   wrk.headers["Content-Type"] = content_type
end

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

-- Per-thread counters (each wrk thread has its own Lua state).
bad = 0
if expect then
   function response(status, headers, body)
      if status ~= expect then
         bad = bad + 1
      end
   end
end

function done(summary, latency, requests)
   local bad_status
   if expect then
      bad_status = 0
      for _, t in ipairs(threads) do
         bad_status = bad_status + (tonumber(t:get("bad")) or 0)
      end
   else
      bad_status = summary.errors.status
   end
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT requests=%d duration_s=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "bad_status=%d err_connect=%d err_read=%d err_write=%d err_timeout=%d checked=%d\n",
      summary.requests, secs, summary.requests / secs,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      bad_status, e.connect, e.read, e.write, e.timeout, expect and 1 or 0))
end
