-- The report table is built in C in one call (kneepain_core.kplua_report_table):
-- its values equal the C JSON report's for every vignette of every file in
-- tests/vignettes and for examples/assessment.json (numbers to 1e-12
-- relative), and its numbers have the Lua types doc/lua.md promises.
local kneepain = require("kneepain")
local core = require("kneepain_core")
local json = require("dkjson")
local H = require("helper")

-- Integral figures are Lua integers (math.tointeger); every other number a float.
local INTEGRAL = {
  ["plan[].dose.*"] = true, ["next_question.min"] = true, ["next_question.max"] = true,
  ["training_load.consecutive_run_days"] = true, ["training_load.runs_last_14d"] = true,
  ["training_load.rest_days_last_14d"] = true, ["training_load.days_since_previous_run"] = true,
  ["training_load.longest_gap_days_28d"] = true,
}

local function shape_of(path)
  local s = path:gsub("%[%d+%]", "[]")
  return (s:gsub("^(plan%[%]%.dose)%..*$", "%1.*"))
end

-- Problems of table `t` against decoded JSON `j` (keys of `t` only: the
-- table documents a subset of the JSON report, roundtrip_spec checks which).
local function check(t, j, path, out)
  if j == json.null then j = nil end
  if type(t) == "number" then
    local want = INTEGRAL[shape_of(path)] and math.tointeger(t) and "integer" or "float"
    if math.type(t) ~= want then
      out[#out + 1] = ("%s: %s, expected %s"):format(path, math.type(t), want)
    end
    if type(j) ~= "number" or (t ~= j and math.abs(t - j) > 1e-12 * math.abs(j)) then
      out[#out + 1] = ("%s: %.17g, JSON %s"):format(path, t, tostring(j))
    end
  elseif type(t) == "table" then
    if type(j) ~= "table" then
      out[#out + 1] = ("%s: a table, JSON %s"):format(path, tostring(j))
      return out
    end
    for k, v in pairs(t) do
      local sub = type(k) == "number" and ("%s[%d]"):format(path, k)
                  or (path == "" and k or path .. "." .. k)
      check(v, j[k], sub, out)
    end
    if #t ~= #j then out[#out + 1] = ("%s: %d items, JSON %d"):format(path, #t, #j) end
  elseif t ~= j then
    out[#out + 1] = ("%s: %s, JSON %s"):format(path, tostring(t), tostring(j))
  end
  return out
end

local function inputs()
  local list = {}
  local dir = H.top_srcdir .. "/tests/vignettes"
  local ls = assert(io.popen(('ls "%s"'):format(dir)))
  for name in ls:lines() do
    if name:match("%.json$") then
      local doc = assert(json.decode(H.read(dir .. "/" .. name), 1, json.null))
      for _, v in ipairs(doc.vignettes) do
        list[#list + 1] = { id = name .. ":" .. v.id, input = v.input }
      end
    end
  end
  ls:close()
  list[#list + 1] = { id = "examples/assessment.json",
                      input = assert(json.decode(H.read(H.top_srcdir .. "/examples/assessment.json"),
                                                 1, json.null)) }
  return list
end

-- A decoded JSON value as a Lua table input (json.null dropped).
local function plain(v)
  if v == json.null then return nil end
  if type(v) ~= "table" then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = plain(x) end
  return t
end

describe("report table built in C", function()
  it("equals the JSON report, with integral figures as integers, for every vignette", function()
    local n, integers = 0, 0
    for _, case in ipairs(inputs()) do
      local s = kneepain.session():apply(plain(case.input))
      local t = s:assess()
      local j = assert(json.decode(s:assess_json(), 1, json.null))
      local d = check(t, j, "", {})
      table.sort(d)
      assert(#d == 0, case.id .. ": " .. table.concat(d, "; "))
      for _, p in ipairs(t.plan) do
        for _, v in pairs(p.dose) do
          if math.type(v) == "integer" then integers = integers + 1 end
        end
      end
      n = n + 1
    end
    assert.is_true(n >= 100, "vignettes found: " .. n)
    assert.is_true(integers > 0, "no integral dose was checked")
  end)

  it("refuses what is not a report handle with an error table", function()
    local ok, err = pcall(core.kplua_report_table, {}, false)
    assert.is_false(ok)
    assert.are.equal("EINVAL", err.name)
  end)
end)
