-- Garbage collection: handles free themselves (__gc) in any order.
local kneepain = require("kneepain")
local core = require("kneepain_core")
local H = require("helper")

local MODEL = H.top_srcdir .. "/models/default.json"

local function full_gc()
  collectgarbage()
  collectgarbage()
end

describe("garbage collection", function()
  it("keeps a session working after its model handle is collected", function()
    local m = core.model_load_file(MODEL)
    local s = core.session_new(m)
    core.session_set_number(s, "age", 30)
    m = nil
    full_gc()
    local r = core.session_assess(s)
    s = nil
    full_gc()
    -- the report holds its own model reference
    assert.matches("^%x+$", core.report_receipt(r))
    assert.is_true(core.report_plan_count(r) >= 1)
    r = nil
    full_gc()
  end)

  it("frees models, sessions and reports dropped in random orders", function()
    math.randomseed(42)
    local live = {}
    for i = 1, 300 do
      local m = (i % 3 == 0) and kneepain.load_model(MODEL) or kneepain.model_default()
      local s = kneepain.session(m):set("age", 20 + i % 60)
      live[#live + 1] = s
      live[#live + 1] = core.session_assess(s._h)
      live[#live + 1] = m
      while #live > 20 do
        table.remove(live, math.random(#live))
      end
      if i % 25 == 0 then full_gc() else collectgarbage("step") end
    end
    live = nil
    full_gc()
  end)

  it("returns reports as plain tables that outlive every handle", function()
    local s = kneepain.session(kneepain.load_model(MODEL)):apply(H.week())
    local report = s:assess()
    s = nil
    full_gc()
    assert.are.equal("see_professional", report.plan[#report.plan].remedy)
    assert.is_string(report.model.sha256)
  end)

  it("collects a session while its model is still in use elsewhere", function()
    local m = kneepain.load_model(MODEL)
    for _ = 1, 50 do kneepain.session(m):set("age", 40) end
    full_gc()
    assert.is_string(kneepain.session(m):assess().receipt)
  end)

  it("rejects a handle of the wrong type without crashing", function()
    local m = core.model_default()
    local ok, err = pcall(core.session_assess, m)
    assert.is_false(ok)
    assert.is_truthy(err)
  end)
end)
