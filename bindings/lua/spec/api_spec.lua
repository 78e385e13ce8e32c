-- Module surface: version, models, one-call assess, report shape.
local kneepain = require("kneepain")
local H = require("helper")

local function is_int(v) return math.type(v) == "integer" end

describe("kneepain module", function()
  it("loads with a version matching the C library", function()
    assert.is_string(kneepain.version)
    local v = kneepain.version_info
    assert.is_true(is_int(v.major) and is_int(v.minor) and is_int(v.patch))
    assert.are.equal(("%d.%d.%d"):format(v.major, v.minor, v.patch), kneepain.version)
  end)

  it("lists the five triage levels, most urgent first", function()
    assert.are.same({ "emergency_ambulance", "emergency", "consultation_24",
                      "consultation", "self_care" }, kneepain.levels)
  end)
end)

describe("models", function()
  it("shares one default model", function()
    local m = kneepain.model_default()
    assert.are.equal(m, kneepain.model_default())
    assert.is_true(kneepain.is_model(m))
    assert.matches("^%x+$", m.sha256)
    assert.are.equal(64, #m.sha256)
    assert.is_string(m.id)
    assert.is_string(m.version)
    assert.matches("^kneepain%.model%(", tostring(m))
  end)

  it("loads the same knowledge base from its file", function()
    local m = kneepain.load_model(H.top_srcdir .. "/models/default.json")
    assert.are.equal(kneepain.model_default().sha256, m.sha256)
  end)

  it("loads a model from a string", function()
    local json = H.read(H.top_srcdir .. "/models/default.json")
    local m = kneepain.load_model_string(json, "default.json")
    assert.are.equal(kneepain.model_default().sha256, m.sha256)
  end)

  it("enumerates causes and conditions", function()
    local m = kneepain.model_default()
    local causes = m:ids("cause")
    for _, id in ipairs({ "overuse", "muscle_imbalance", "running_technique",
                          "inadequate_shoes", "previous_injury" }) do
      assert.is_true(table.concat(causes, " "):find(id, 1, true) ~= nil, id)
    end
    assert.is_true(#m:ids("condition") >= 14)
    assert.is_string(m:text("cause", "overuse"))
    assert.are.equal(m:locales()[1], m:locales()[1])
  end)

  it("describes findings with their type and range", function()
    local m = kneepain.model_default()
    local age = m:finding("age")
    assert.are.equal("number", age.type)
    assert.are.equal(10, age.min)
    assert.are.equal(100, age.max)
    local sex = m:finding("sex")
    assert.are.equal("choice", sex.type)
    assert.are.same({ "female", "male" }, sex.choices)
    assert.are.equal("bool", m:finding("calf_swelling").type)
    assert.is_true(m:finding("weekly_km").derived)
    assert.is_true(is_int(age.index))
  end)
end)

describe("kneepain.assess", function()
  local report = kneepain.assess(H.week())

  it("returns the report shape of the JSON report", function()
    assert.are.equal("kneepain-report/1", report.schema)
    assert.are.equal(kneepain.version, report.engine.version)
    assert.are.equal(kneepain.model_default().sha256, report.model.sha256)
    assert.matches("^" .. ("%x"):rep(64) .. "$", report.receipt)
    assert.is_string(report.disclaimer)
    assert.is_truthy(#report.disclaimer > 0)
    assert.is_string(report.pain_trend.status)
  end)

  it("gives a triage level with its reasons", function()
    local levels = table.concat(kneepain.levels, " ")
    assert.is_truthy(levels:find(report.triage.level, 1, true))
    assert.is_table(report.triage.reasons)
    for _, r in ipairs(report.triage.reasons) do
      assert.is_string(r.rule)
      assert.is_table(r.findings)
    end
  end)

  it("sorts causes and conditions; probabilities sum to 1", function()
    for i = 2, #report.causes do
      assert.is_true(report.causes[i - 1].score >= report.causes[i].score)
    end
    local sum = 0
    for i, c in ipairs(report.conditions) do
      if i > 1 then assert.is_true(report.conditions[i - 1].probability >= c.probability) end
      sum = sum + c.probability
      assert.is_table(c.supporting)
      assert.is_table(c.conflicting)
    end
    assert.is_true(math.abs(sum - 1) < 1e-9)
    for _, c in ipairs(report.causes) do
      for _, e in ipairs(c.evidence) do
        assert.is_string(e.finding)
        assert.is_number(e.effect)
      end
    end
  end)

  it("ends the plan with the safety net", function()
    assert.is_true(#report.plan >= 1)
    assert.are.equal("see_professional", report.plan[#report.plan].remedy)
    for _, p in ipairs(report.plan) do
      assert.is_string(p.text)
      assert.is_table(p.dose)
      assert.is_table(p.because)
    end
  end)

  it("proposes a next question or nil", function()
    local q = report.next_question
    if q ~= nil then
      assert.is_string(q.finding)
      assert.is_string(q.text)
      assert.is_true(q.information_gain >= 0)
    end
  end)

  it("computes the training load from the runs, counts as integers", function()
    local load = report.training_load
    assert.is_true(math.abs(load.weekly_km - 35.5) < 1e-9)
    assert.is_true(is_int(load.consecutive_run_days))
    assert.are.equal(1, load.consecutive_run_days)
    assert.is_true(math.abs(load.shoe_km["shoe-a"] - (610 + 35.5)) < 1e-9)
  end)

  it("uses the given model", function()
    local m = kneepain.load_model(H.top_srcdir .. "/models/default.json")
    local r = kneepain.assess(H.week(), m)
    assert.are.equal(report.receipt, r.receipt)
  end)

  it("is deterministic", function()
    assert.are.same(report, kneepain.assess(H.week()))
  end)
end)

describe("provisional triage", function()
  it("lists the unchecked warning signs until the screen is complete", function()
    local r = kneepain.assess({ evidence = { pain_now = 3 } })
    assert.are.equal("self_care", r.triage.level)
    assert.is_true(r.triage.provisional)
    assert.is_true(#r.triage.unchecked > 0)
    local seen = false
    for _, id in ipairs(r.triage.unchecked) do
      assert.is_string(id)
      seen = seen or id == "breathless_or_chest_pain"
    end
    assert.is_true(seen)
    local a = kneepain.assess({ evidence = { breathless_or_chest_pain = true } })
    assert.are.equal("emergency_ambulance", a.triage.level)
    assert.is_false(a.triage.provisional)
    assert.are.same({}, a.triage.unchecked)
  end)
end)

describe("emergency reports", function()
  it("mark the less urgent reasons as superseded", function()
    local r = kneepain.assess({ evidence = { cold_pale_foot = true, calf_swelling = true } })
    assert.are.equal("emergency_ambulance", r.triage.level)
    local superseded = 0
    for _, x in ipairs(r.triage.reasons) do
      assert.is_boolean(x.superseded)
      assert.are.equal(x.rule ~= "acute_limb_ischaemia", x.superseded)
      if x.superseded then
        superseded = superseded + 1
        assert.is_nil(x.text:find("24 hours", 1, true))
      end
    end
    assert.is_true(superseded > 0)
    local c = kneepain.assess({ evidence = { calf_swelling = true } })
    for _, x in ipairs(c.triage.reasons) do assert.is_false(x.superseded) end
  end)
end)
