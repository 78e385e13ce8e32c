-- Report tables (built from the typed accessors) equal the C JSON report.
-- dkjson is used here only, to read the C library's JSON for comparison.
local kneepain = require("kneepain")
local json = require("dkjson")
local H = require("helper")

-- Every value in the table must equal the JSON report's.  The JSON report
-- also carries explanation details (names, biases, weights, sources...);
-- only the keys integrators rely on (the required keys of
-- doc/report.schema.json) must be in the table too.  Shapes are
-- paths with list indexes written as [].
local DOCUMENTED = {}
for _, shape in ipairs({
  "schema", "engine", "engine.version", "model", "model.id", "model.version",
  "model.sha256", "receipt", "triage", "triage.level", "triage.reasons",
  "triage.reasons[]", "triage.reasons[].rule", "triage.reasons[].findings",
  "triage.reasons[].source", "causes", "causes[]", "causes[].id",
  "causes[].score", "causes[].evidence", "causes[].evidence[]",
  "causes[].evidence[].finding", "causes[].evidence[].value",
  "causes[].evidence[].effect", "conditions",
  "conditions[]", "conditions[].id", "conditions[].probability",
  "conditions[].supporting", "conditions[].conflicting", "plan", "plan[]",
  "plan[].remedy", "plan[].text", "plan[].dose", "plan[].because",
  "next_question", "next_question.finding", "next_question.text",
  "next_question.information_gain", "training_load",
  "training_load.weekly_km", "training_load.weekly_km_change_pct",
  "training_load.acwr_ewma", "training_load.acwr_rolling",
  "training_load.acwr_rolling_uncoupled", "training_load.run_spike_pct",
  "training_load.consecutive_run_days", "training_load.shoe_km",
  "pain_trend", "pain_trend.status", "pain_trend.advice", "pain_trend.next_run",
  "disclaimer", "warnings",
}) do DOCUMENTED[shape] = true end
-- Values compared whole: every element or key inside them counts.
local WHOLE = {
  ["triage.reasons[].findings"] = true, ["conditions[].supporting"] = true,
  ["conditions[].conflicting"] = true, ["plan[].dose"] = true,
  ["plan[].because"] = true, ["training_load.shoe_km"] = true, ["warnings"] = true,
}

local function required(shape)
  if DOCUMENTED[shape] then return true end
  local parent = shape:match("^(.*)%[%]$") or shape:match("^(.*)%.[^.]+$")
  return parent ~= nil and WHOLE[parent] == true
end

-- Differences between report table `t` and decoded JSON `j`, as strings.
local function diff(t, j, path, out)
  if j == json.null then j = nil end
  local shape = path:gsub("%[%d+%]", "[]")
  if t == nil and j ~= nil then
    if required(shape) then out[#out + 1] = path .. ": only in JSON" end
  elseif j == nil and t ~= nil then
    out[#out + 1] = path .. ": only in the table"
  elseif type(t) ~= type(j) then
    out[#out + 1] = ("%s: %s in the table, %s in JSON"):format(path, type(t), type(j))
  elseif type(t) == "number" then
    if math.abs(t - j) > 1e-9 * math.max(1, math.abs(j)) then
      out[#out + 1] = ("%s: %.17g ~= %.17g"):format(path, t, j)
    end
  elseif type(t) == "table" then
    local keys = {}
    for k in pairs(t) do keys[k] = true end
    for k in pairs(j) do keys[k] = true end
    for k in pairs(keys) do
      local sub = type(k) == "number" and ("%s[%d]"):format(path, k)
                  or (path == "" and k or path .. "." .. k)
      diff(t[k], j[k], sub, out)
    end
  elseif t ~= j then
    out[#out + 1] = ("%s: %q ~= %q"):format(path, tostring(t), tostring(j))
  end
  return out
end

local function check_session(s)
  local t = s:assess()
  local j = assert(json.decode(s:assess_json(), 1, json.null))
  local d = diff(t, j, "", {})
  table.sort(d)
  assert.are.same({}, d)
  return t
end

describe("report table vs C JSON report", function()
  it("match for a week of runs with answers and a diary", function()
    check_session(kneepain.session():apply(H.week()))
  end)

  it("match for an empty session", function()
    check_session(kneepain.session())
  end)

  it("match for an input document given as JSON and as a table", function()
    local input = H.week()
    local from_json = kneepain.assess_json(json.encode(input))
    local t = kneepain.assess(input)
    assert.are.equal(json.decode(from_json).receipt, t.receipt)
  end)

  it("match for every clinical vignette, with the expected triage", function()
    local n = 0
    for _, v in ipairs(H.vignettes()) do
      local s = kneepain.session():apply(v.input)
      local ok, err = pcall(check_session, s)
      assert(ok, v.id .. ": " .. tostring(err))
      local t = s:assess()
      if v.expect and v.expect.triage then
        assert.are.equal(v.expect.triage, t.triage.level, v.id)
      end
      n = n + 1
    end
    assert.is_true(n >= 10)
  end)
end)
