-- bench.lua - per-call cost of assessing from Lua (`make bench-lua`).
--
-- Paths an app can take, timed in interleaved rounds (each round runs
-- every path `calls` times); the figure printed is each path's median
-- round, so load on a shared machine spreads over all paths alike:
--   assess   kneepain.assess(input_table): new session, apply, report table
--   session  session:assess() on one prepared session (report table)
--   table    the same without reading the table
--   json     kneepain.assess_json(json_text): JSON in, JSON out (decoded with
--            dkjson when it is installed, so that the report is read too)
--   C        kp_session_assess() alone through the core module (the report
--            handle, nothing read): the bare C call through SWIG
-- The paths named "read" read the whole report (every value of it).
--
--   lua5.4 bench.lua [calls] [rounds]
local kneepain = require("kneepain")
local core = require("kneepain_core")
local have_json, dkjson = pcall(require, "dkjson")

local calls = tonumber(arg and arg[1]) or 200
local rounds = tonumber(arg and arg[2]) or 15

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

-- Read every value of a report table (returns how many there are).
local function read_all(t)
  local n = 0
  for _, v in pairs(t) do
    if type(v) == "table" then n = n + read_all(v) else n = n + 1 end
  end
  return n
end

local model = kneepain.model_default()
local session = kneepain.session(model):apply(input)
local handle = session._h

local paths = {
  { "assess", "kneepain.assess(input_table), read", function() read_all(kneepain.assess(input, model)) end },
  { "session", "session:assess(), read", function() read_all(session:assess()) end },
  { "table", "session:assess() (report table, not read)", function() session:assess() end },
  { "json", have_json and "kneepain.assess_json(json), dkjson decode, read"
                      or "kneepain.assess_json(json) (no dkjson: not read)",
    function()
      local out = kneepain.assess_json(json_input, model)
      if have_json then read_all(dkjson.decode(out)) end
    end },
  { "C", "C kp_session_assess() through the core module", function() core.session_assess(handle) end },
}

local function median(t)
  table.sort(t)
  local n = #t
  return n % 2 == 1 and t[(n + 1) // 2] or (t[n // 2] + t[n // 2 + 1]) / 2
end

local times = {}
for _, p in ipairs(paths) do
  p[3]() -- warm up (model, caches)
  times[p[1]] = {}
end
for _ = 1, rounds do
  for _, p in ipairs(paths) do
    local start = os.clock()
    for _ = 1, calls do p[3]() end
    local t = times[p[1]]
    t[#t + 1] = (os.clock() - start) / calls * 1e6
  end
end

print(("kneepain %s, Lua binding, %d runs in the log; median of %d interleaved rounds of %d calls (CPU time)")
  :format(kneepain.version, #input.runs, rounds, calls))
print(("report table: %d values"):format(read_all(session:assess())))
local bare = median(times.C)
for _, p in ipairs(paths) do
  local us = median(times[p[1]])
  print(("%-8s %-52s %8.1f us  %9.0f/s  %5.1fx the C call"):format(p[1], p[2], us, 1e6 / us, us / bare))
end
