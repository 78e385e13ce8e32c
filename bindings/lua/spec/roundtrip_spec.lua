-- Report tables (built from the typed accessors) equal the C JSON report.
-- dkjson is used here only, to read the C library's JSON for comparison.
local kneepain = require("kneepain")
local json = require("dkjson")
local H = require("helper")

-- Keys the JSON report has that the table does not (no C accessor), and
-- the reverse; paths with list indexes written as [].
local JSON_ONLY = {
  ["causes[].evidence[].value"] = true,
  ["pain_trend.advice"] = true,
}
local TABLE_ONLY = {}

-- Differences between report table `t` and decoded JSON `j`, as strings.
local function diff(t, j, path, out)
  if j == json.null then j = nil end
  local shape = path:gsub("%[%d+%]", "[]")
  if t == nil and j ~= nil then
    if not JSON_ONLY[shape] then out[#out + 1] = path .. ": only in JSON" end
  elseif j == nil and t ~= nil then
    if not TABLE_ONLY[shape] then out[#out + 1] = path .. ": only in the table" end
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
