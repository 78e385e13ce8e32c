-- Session objects: answers, training log, diary, options, import, resume.
local kneepain = require("kneepain")
local H = require("helper")

describe("session", function()
  it("is created on the default model or a given one", function()
    local s = kneepain.session()
    assert.is_true(kneepain.is_session(s))
    assert.are.equal(kneepain.model_default(), s.model)
    local m = kneepain.load_model(H.top_srcdir .. "/models/default.json")
    assert.are.equal(m, kneepain.session(m).model)
    assert.matches("^kneepain%.session%(", tostring(s))
  end)

  it("sets and reads back booleans, numbers and choices", function()
    local s = kneepain.session()
    s:set("calf_swelling", false):set("age", 34):set("sex", "male")
    assert.are.equal(false, s:get("calf_swelling"))
    assert.are.equal(34, s:get("age"))
    assert.are.equal("integer", math.type(s:get("age")))
    assert.are.equal("male", s:get("sex"))
    assert.is_nil(s:get("trauma"))
  end)

  it("unsets with :unset or set(id, nil)", function()
    local s = kneepain.session():set("trauma", true):set("age", 50)
    s:unset("trauma")
    s:set("age", nil)
    assert.is_nil(s:get("trauma"))
    assert.is_nil(s:get("age"))
  end)

  it("logs runs, shoes and pain entries", function()
    local s = kneepain.session()
    s:add_shoe{ gear = "shoe-a", start_km = 100 }
    s:add_shoe("shoe-b", 20)
    s:add_run{ date = "2026-10-30", distance_km = 8, duration_min = 45, rpe = 5, gear = "shoe-a" }
    s:add_run{ date = "2026-10-31", distance_km = 5 }
    s:add_pain{ date = "2026-10-31", during = 2 }
    assert.are.equal(2, s:run_count())
    assert.are.equal("integer", math.type(s:run_count()))
    local r = s:assess()
    assert.are.equal(13, r.training_load.weekly_km)
    assert.are.equal(108, r.training_load.shoe_km["shoe-a"])
    assert.are.equal(20, r.training_load.shoe_km["shoe-b"])
  end)

  it("assesses as of a chosen date", function()
    local s = kneepain.session()
    s:add_run{ date = "2026-10-01", distance_km = 10 }
    s:set_as_of("2026-10-20")
    assert.are.equal(0, s:assess().training_load.weekly_km)
    s:set_as_of(nil)
    assert.are.equal(10, s:assess().training_load.weekly_km)
  end)

  it("caps the plan with max_plan_items, keeping the safety net", function()
    local s = kneepain.session():apply(H.week())
    s:set_options{ max_plan_items = 2 }
    local plan = s:assess().plan
    assert.is_true(#plan <= 2)
    assert.are.equal("see_professional", plan[#plan].remedy)
  end)

  it("answers the next question and the report changes", function()
    local s = kneepain.session():apply(H.week())
    local before = s:assess()
    local q = assert(before.next_question)
    local f = s.model:finding(q.finding)
    local answer = ({ bool = true, number = f.min, choice = f.choices and f.choices[1] })[f.type]
    s:set(q.finding, answer)
    local after = s:assess()
    assert.are_not.equal(before.receipt, after.receipt)
    if after.next_question then
      assert.are_not.equal(q.finding, after.next_question.finding)
    end
  end)

  it("escalates red flags above self care", function()
    local r = kneepain.assess{ evidence = { breathless_or_chest_pain = true, calf_swelling = true } }
    assert.are_not.equal("self_care", r.triage.level)
    assert.is_true(#r.triage.reasons >= 1)
  end)

  it("imports a training-log CSV and lists skipped rows", function()
    local s = kneepain.session()
    local warnings = s:import(H.top_srcdir .. "/tests/fixtures/logs/plain_bad.csv")
    assert.is_true(s:run_count() >= 1)
    assert.is_true(#warnings >= 1)
    assert.is_string(warnings[1])
    local s2 = kneepain.session()
    s2:import_string("date,distance_km\n2026-10-30,7.5\n", "inline.csv", { format = "plain" })
    assert.are.equal(1, s2:run_count())
  end)

  it("imports GPX and TCX recordings, detected or asked for", function()
    local s = kneepain.session()
    local warnings = s:import(H.top_srcdir .. "/tests/fixtures/logs/watch_run.gpx")
    assert.are.equal(1, s:run_count())
    assert.is_truthy(warnings[1]:find("Cycling", 1, true))
    s:import(H.top_srcdir .. "/tests/fixtures/logs/watch_run.tcx.gz", { format = "tcx" })
    assert.are.equal(2, s:run_count())
    assert.has_error(function()
      kneepain.session():import(H.top_srcdir .. "/tests/fixtures/logs/watch_run.gpx",
                                { format = "fit" })
    end)
  end)

  it("saves to JSON and resumes to the same report", function()
    local s = kneepain.session():apply(H.week())
    local json = s:to_json()
    assert.is_string(json)
    local resumed = kneepain.session():load_json(json)
    assert.are.equal(s:assess().receipt, resumed:assess().receipt)
  end)

  it("clears evidence and logs", function()
    local s = kneepain.session():apply(H.week())
    s:clear()
    assert.are.equal(0, s:run_count())
    assert.is_nil(s:get("age"))
  end)

  it("assesses a JSON document in one call", function()
    local json = kneepain.assess_json('{"evidence": {"age": 34}}')
    assert.matches('"schema"', json)
    assert.matches("\n  ", kneepain.assess_json('{"evidence": {"age": 34}}', nil, true))
  end)
end)
