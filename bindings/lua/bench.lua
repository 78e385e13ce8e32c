-- bench.lua - assessments per second from Lua (`make bench-lua`).
--
-- Three paths an app can take, each timed for about `seconds` of CPU time:
--   table   kneepain.assess(input_table): new session, apply, report table
--   session session:assess() on one prepared session (report table only)
--   json    kneepain.assess_json(json_text): JSON in, JSON out
-- Compare with the C numbers of `make bench`.
local kneepain = require("kneepain")

local seconds = tonumber(arg and arg[1]) or 1.0

local input = {
  as_of = "2026-11-01",
  evidence = { age = 34, sex = "female", pain_side = "lateral",
               pain_resisted_flexion = true, calf_swelling = false },
  runs = {},
  shoes = { { gear = "shoe-a", start_km = 610 } },
}
-- Six weeks of runs, every other day, up to the as-of date.
local first = os.time{ year = 2026, month = 9, day = 21, hour = 12 }
for day = 0, 41, 2 do
  input.runs[#input.runs + 1] = {
    date = os.date("%Y-%m-%d", first + day * 86400),
    distance_km = 5 + day % 7, duration_min = 30 + day % 20, rpe = 5, gear = "shoe-a",
  }
end

local json_input = ([[{"as_of": "2026-11-01", "evidence": {"age": 34, "sex": "female",
  "pain_side": "lateral", "pain_resisted_flexion": true, "calf_swelling": false},
  "runs": [%s], "shoes": [{"gear": "shoe-a", "start_km": 610}]}]]):format((function()
  local parts = {}
  for _, r in ipairs(input.runs) do
    parts[#parts + 1] = ('{"date": "%s", "distance_km": %s, "duration_min": %s, "rpe": 5, "gear": "shoe-a"}')
      :format(r.date, r.distance_km, r.duration_min)
  end
  return table.concat(parts, ", ")
end)())

local function rate(name, f)
  f() -- warm up (model, caches)
  local n, start = 0, os.clock()
  local elapsed
  repeat
    for _ = 1, 50 do f() end
    n = n + 50
    elapsed = os.clock() - start
  until elapsed >= seconds
  print(("%-8s %9.0f assessments/s  (%6.1f us each, %d runs)")
    :format(name, n / elapsed, 1e6 * elapsed / n, n))
end

local model = kneepain.model_default()
local session = kneepain.session(model):apply(input)

print(("kneepain %s, Lua binding, %d runs in the log"):format(kneepain.version, #input.runs))
rate("table", function() return kneepain.assess(input, model) end)
rate("session", function() return session:assess() end)
rate("json", function() return kneepain.assess_json(json_input, model) end)
