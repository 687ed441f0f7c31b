-- wrk script for `npm run bench:app`: the request comes from the environment, and the run ends
-- with one machine-readable line that scripts/bench-app.js reads (latencies in microseconds).
--   BENCH_METHOD  GET (default) or POST
--   BENCH_BODY    the JSON body of a POST
-- The Authorization header is passed with wrk's -H.
local method = os.getenv("BENCH_METHOD") or "GET"
wrk.method = method
if method == "POST" then
  wrk.body = os.getenv("BENCH_BODY") or "{}"
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,' ..
    '"p99_us":%d,"max_us":%d,"mean_us":%.1f,"connect_errors":%d,"read_errors":%d,' ..
    '"write_errors":%d,"timeouts":%d,"non_2xx":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean, e.connect, e.read, e.write, e.timeout, e.status))
end
