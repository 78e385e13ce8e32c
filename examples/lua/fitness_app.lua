-- fitness_app.lua - how a fitness app scripts libkneepain from Lua.
--
-- The app already has this week's runs (from its own database) and three
-- answers from its "knee check" questionnaire, all as plain tables.  It asks
-- for a report, shows the triage, the plan and the next question, then
-- feeds the runner's answer back and shows how the plan changes.
--
-- Run: lua5.4 examples/lua/fitness_app.lua  (with kneepain.lua and
-- kneepain_core.so on LUA_PATH / LUA_CPATH; `make check` does this).
local kneepain = require("kneepain")

-- What the app knows: the last seven days of runs and the shoe they were in.
local runs = {
  { date = "2026-10-26", distance_km = 6.0, duration_min = 34, rpe = 4, gear = "Pegasus 40" },
  { date = "2026-10-28", distance_km = 8.0, duration_min = 45, rpe = 5, gear = "Pegasus 40" },
  { date = "2026-10-30", distance_km = 5.5, duration_min = 31, rpe = 4, gear = "Pegasus 40" },
  { date = "2026-11-01", distance_km = 16.0, duration_min = 95, rpe = 7, gear = "Pegasus 40",
    elevation_gain_m = 240 },
}
local shoes = { { gear = "Pegasus 40", start_km = 610 } }

-- Three answers from the questionnaire screen.
local answers = {
  pain_side = "lateral",            -- outer side of the back of the knee
  pain_resisted_flexion = true,     -- hurts bending the knee against resistance
  calf_swelling = false,            -- no swollen calf
}

-- Texts for the screen -------------------------------------------------

local function percent(p)
  return ("%3.0f%%"):format(100 * p)
end

local function dose_text(dose)
  local keys = {}
  for k in pairs(dose) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do parts[#parts + 1] = ("%s=%s"):format(k, dose[k]) end
  return #parts > 0 and " [" .. table.concat(parts, ", ") .. "]" or ""
end

local function show(title, report)
  print(("== %s =="):format(title))
  print(("Triage: %s"):format(report.triage.level))
  for _, reason in ipairs(report.triage.reasons) do
    print(("  because %s"):format(reason.text or reason.rule))
  end
  print("Likely causes:")
  for i = 1, math.min(3, #report.causes) do
    local c = report.causes[i]
    print(("  %s %s"):format(percent(c.score), c.id))
  end
  print("Likely conditions:")
  for i = 1, math.min(3, #report.conditions) do
    local c = report.conditions[i]
    print(("  %s %s"):format(percent(c.probability), c.id))
  end
  print("Plan:")
  for i, item in ipairs(report.plan) do
    print(("  %d. %s%s"):format(i, item.text, dose_text(item.dose)))
  end
  local load = report.training_load
  print(("This week: %.1f km; run-day streak %d; shoes at %.0f km")
    :format(load.weekly_km or 0, load.consecutive_run_days or 0,
            load.shoe_km["Pegasus 40"] or 0))
  if report.next_question then
    print(("Next question: %s"):format(report.next_question.text))
  else
    print("Next question: none - nothing useful left to ask")
  end
  print(report.disclaimer)
  print()
end

local function remedies(report)
  local list = {}
  for _, item in ipairs(report.plan) do list[#list + 1] = item.remedy end
  return list
end

-- The runner's reply to whatever the app is asked next (a real app shows
-- report.next_question.text with buttons from the finding's type).
local function runner_reply(finding)
  if finding.type == "bool" then return true end
  if finding.type == "choice" then return finding.choices[1] end
  return finding.min + (finding.max - finding.min) / 4
end

-- The app's flow -------------------------------------------------------

local session = kneepain.session()
for _, shoe in ipairs(shoes) do session:add_shoe(shoe) end
for _, run in ipairs(runs) do session:add_run(run) end
for id, value in pairs(answers) do session:set(id, value) end

local before = session:assess()
show("Knee check", before)

local question = before.next_question
assert(question, "expected a follow-up question after three answers")
local finding = session.model:finding(question.finding)
local reply = runner_reply(finding)
print(("Runner answers %q: %s"):format(question.text, tostring(reply)))
print()
session:set(question.finding, reply)

local after = session:assess()
show("After the answer", after)

print("Plan before: " .. table.concat(remedies(before), ", "))
print("Plan after:  " .. table.concat(remedies(after), ", "))
print(("Triage: %s -> %s"):format(before.triage.level, after.triage.level))

-- Bad input from the app is a Lua error carrying the C code and a message
-- that names the field; the session is unchanged.
local ok, err = pcall(session.add_run, session, { date = "2026-11-02", distance_km = -3 })
assert(not ok and kneepain.is_error(err) and err.name == "ERANGE")
print(("Rejected run: %s"):format(tostring(err)))

-- Sanity for `make check`: the safety net always closes the plan.
assert(after.plan[#after.plan].remedy == "see_professional")
assert(before.receipt ~= after.receipt)
