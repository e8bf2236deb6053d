-- wrk script for `manage.py bench_run`: counts responses that are not 2xx (wrk itself counts
-- only statuses above 399, so a redirect to the login page would pass as a success) and prints
-- the run's figures as one JSON line, marked "WRK_JSON ", when wrk is done.
-- Latencies are in microseconds, as wrk measures them.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   non_2xx = 0
end

function response(status, headers, body)
   if status < 200 or status > 299 then
      non_2xx = non_2xx + 1
   end
end

function done(summary, latency, requests)
   local non_2xx_total = 0
   for _, thread in ipairs(threads) do
      non_2xx_total = non_2xx_total + (thread:get("non_2xx") or 0)
   end
   local e = summary.errors
   local parts = {
      string.format('"duration_us": %d', summary.duration),
      string.format('"requests": %d', summary.requests),
      string.format('"bytes": %d', summary.bytes),
      string.format('"non_2xx": %d', non_2xx_total),
      string.format(
         '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}',
         e.connect, e.read, e.write, e.status, e.timeout
      ),
      string.format(
         '"latency_us": {"min": %d, "mean": %.1f, "stdev": %.1f, "max": %d, '
            .. '"p50": %d, "p90": %d, "p95": %d, "p99": %d}',
         latency.min, latency.mean, latency.stdev, latency.max,
         latency:percentile(50), latency:percentile(90),
         latency:percentile(95), latency:percentile(99)
      ),
   }
   io.write("WRK_JSON {" .. table.concat(parts, ", ") .. "}\n")
end
