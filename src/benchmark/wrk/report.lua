-- wrk reporter: one machine-readable line. Latencies in ms; errors = socket errors + non-2xx/3xx answers.
done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status + e.timeout
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f errors=%d non2xx=%d timeouts=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f\n",
    summary.requests, summary.duration / 1e6, errors, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
