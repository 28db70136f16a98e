-- wrk script of the callers mode: requests as the callers whose tokens are in the file named by the first script
-- argument (one a line, taken in turn), each after a pause of the second argument in ms, so that a connection asks at
-- a known pace; reports as report.lua does.
dofile("src/benchmark/wrk/report.lua")

local tokens, pause, next_token = {}, 0, 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then tokens[#tokens + 1] = "Bearer " .. line end
  end
  pause = tonumber(args[2] or "0")
end

function request()
  next_token = next_token % #tokens + 1
  return wrk.format(nil, nil, {["Authorization"] = tokens[next_token]})
end

function delay()
  return pause
end
