-- Adaptive interviews: next question, answers, "don't know", budget,
-- exclusions, red flags, save/restore (also under a newer model), GC.
local kneepain = require("kneepain")
local json = require("dkjson")
local H = require("helper")

local DONT_KNOW = kneepain.DONT_KNOW

local function full_gc()
  collectgarbage()
  collectgarbage()
end

-- Answer "don't know" to every question until the interview stops;
-- returns the findings asked, in order.
local function dont_know_all(iv, limit)
  local asked = {}
  for _ = 1, limit or 500 do
    local q = iv:next()
    if q == nil then return asked end
    asked[#asked + 1] = q.finding
    iv:answer(q.finding, DONT_KNOW)
  end
  error("interview did not stop")
end

-- The default model, edited as a newer release: version 99.0.0, the finding
-- cold_intolerance renamed (so the old ID is gone) and age's minimum
-- raised from 10 to 18.
local function newer_model()
  local text = H.read(H.top_srcdir .. "/models/default.json")
  local n1, n2, n3
  text, n1 = text:gsub('"cold_intolerance"', '"cold_sensitivity"')
  text, n2 = text:gsub('("min": )10(,%s*"max": 100,%s*"unit": "years")', "%118%2")
  text, n3 = text:gsub('"version": "[^"]*"', '"version": "99.0.0"', 1)
  assert(n1 >= 2 and n2 == 1 and n3 == 1, "models/default.json changed shape")
  return kneepain.load_model_string(text, "default-99.0.0")
end

describe("interview", function()
  it("is started from a session or kneepain.interview and keeps the session", function()
    local s = kneepain.session()
    local iv = s:interview()
    assert.is_true(kneepain.is_interview(iv))
    assert.is_false(kneepain.is_interview(s))
    assert.are.equal(s, iv.session)
    assert.are.equal(s.model, iv.model)
    assert.matches("^kneepain%.interview%(kneepain%-default, 0 asked%)$", tostring(iv))
    assert.is_true(kneepain.is_interview(kneepain.interview(s, { budget = 2 })))
  end)

  it("asks screening questions first, as question tables", function()
    local iv = kneepain.session():interview()
    local q = iv:next()
    assert.are.same({
      finding = "cold_pale_foot",
      type = "bool",
      text = "Is your foot or lower leg cold, pale, blue or blotchy right now (numbness alone is asked separately)?",
    }, q)
    -- next() does not count anything
    assert.are.equal(0, iv:asked())
    assert.are.same(q, iv:next())
  end)

  it("describes number and choice questions from the model", function()
    local iv = kneepain.session():interview()
    local seen = {}
    for _ = 1, 500 do
      local q = iv:next()
      if q == nil then break end
      local f = iv.model:finding(q.finding)
      assert.are.equal(f.type, q.type)
      assert.are.equal(f.text, q.text)
      if q.type == "number" then
        assert.are.equal(f.min, q.min)
        assert.are.equal(f.max, q.max)
        assert.is_nil(q.choices)
      elseif q.type == "choice" then
        assert.are.equal(#f.choices, #q.choices)
        for i, c in ipairs(q.choices) do
          assert.are.equal(f.choices[i], c.id)
          assert.is_string(c.text)
        end
      else
        assert.is_nil(q.min)
        assert.is_nil(q.choices)
      end
      seen[q.type] = true
      iv:dont_know(q.finding)
    end
    assert.are.same({ bool = true, number = true, choice = true }, seen)
  end)

  it("gives question texts in the session's locale and person", function()
    local s = kneepain.session():set_options{ locale = "de" }
    local iv = s:interview()
    assert.are.equal("Ist Ihr Fuß oder Unterschenkel gerade kalt, blass, bläulich oder fleckig (Taubheit allein wird getrennt gefragt)?",
                     iv:next().text)
    assert.are.equal("Is your foot or lower leg cold, pale, blue or blotchy right now (numbness alone is asked separately)?",
                     iv:next("en").text)
    s:set_options{ third_person = true }
    assert.matches("runner", iv:next().text)
    assert.are.equal(iv:assess().next_question.text, iv:next().text)
    s:set_options{ locale = "de", third_person = true }
    assert.are.equal(iv:assess().next_question.text, iv:next().text)
    assert.matches("laufenden Person", iv:next().text)
  end)

  it("runs to a stop when every answer is don't know, counting each", function()
    local iv = kneepain.session():interview()
    local asked = dont_know_all(iv)
    assert.is_true(#asked >= 10)
    assert.are.equal(#asked, iv:asked())
    assert.are.equal("integer", math.type(iv:asked()))
    -- never the same question twice
    local seen = {}
    for _, id in ipairs(asked) do
      assert.is_nil(seen[id], id)
      seen[id] = true
    end
    local r = iv:assess()
    assert.is_true(r.should_stop)
    assert.are.equal("nothing_useful", r.stop_reason)
    assert.is_nil(r.next_question)
    -- don't know leaves the findings unknown
    for _, id in ipairs(asked) do assert.is_nil(iv.session:get(id)) end
  end)

  it("counts answers of every type and sets them in the session", function()
    local iv = kneepain.session():interview()
    iv:answer("calf_swelling", false):answer("age", 42):answer("sex", "female")
    iv:answer("pain_now", nil)
    iv:dont_know("trauma")
    assert.are.equal(5, iv:asked())
    local s = iv.session
    assert.are.equal(false, s:get("calf_swelling"))
    assert.are.equal(42, s:get("age"))
    assert.are.equal("female", s:get("sex"))
    assert.is_nil(s:get("pain_now"))
    assert.is_nil(s:get("trauma"))
    -- don't know is never proposed again, answered findings neither
    for _, id in ipairs(dont_know_all(iv)) do
      assert.is_true(id ~= "trauma" and id ~= "pain_now" and id ~= "calf_swelling", id)
    end
  end)

  it("stops after the budget with stop_reason budget", function()
    local iv = kneepain.session():interview{ budget = 3 }
    for _ = 1, 3 do
      local q = assert(iv:next())
      iv:dont_know(q.finding)
    end
    assert.is_nil(iv:next())
    assert.are.equal(3, iv:asked())
    local r = iv:assess()
    assert.is_true(r.should_stop)
    assert.are.equal("budget", r.stop_reason)
    assert.is_nil(r.next_question)
    -- a plain session report still proposes a question
    local plain = iv.session:assess()
    assert.are.equal("none", plain.stop_reason)
    assert.is_false(plain.should_stop)
    assert.is_table(plain.next_question)
  end)

  it("stops at once with a budget of 0", function()
    local iv = kneepain.session():interview{ budget = 0 }
    assert.is_nil(iv:next())
    assert.are.equal("budget", iv:assess().stop_reason)
  end)

  it("never proposes excluded findings, and allows them again", function()
    local iv = kneepain.session():interview()
    local first = iv:next().finding
    iv:exclude(first)
    assert.are_not.equal(first, iv:next().finding)
    local excluded = { [first] = true, calf_swelling = true, pain_side = true }
    iv:exclude("calf_swelling", true):exclude("pain_side")
    local probe = kneepain.restore_interview(iv:to_json())
    for _, id in ipairs(dont_know_all(probe)) do
      assert.is_nil(excluded[id], id)
    end
    iv:exclude(first, false)
    assert.are.equal(first, iv:next().finding)
  end)

  it("divides gains by the cost set for a finding", function()
    local iv = kneepain.session():apply(H.week()):interview()
    -- screening questions come first whatever they cost
    local q = assert(iv:assess().next_question)
    while q.kind == "screen" do
      iv:dont_know(q.finding)
      q = assert(iv:assess().next_question)
    end
    assert.is_true(math.abs(q.cost - 1) < 1e-12)
    iv:set_cost(q.finding, 1000)
    local q2 = assert(iv:assess().next_question)
    assert.are_not.equal(q.finding, q2.finding)
    iv:set_cost(q.finding, 1)
    assert.are.equal(q.finding, iv:next().finding)
  end)

  it("stops on a red-flag answer with an urgent triage", function()
    local iv = kneepain.session():interview()
    assert.are.equal("cold_pale_foot", iv:next().finding)
    iv:answer("cold_pale_foot", true)
    assert.is_nil(iv:next())
    local r = iv:assess()
    assert.is_true(r.should_stop)
    assert.are.equal("red_flag", r.stop_reason)
    assert.are.equal("emergency_ambulance", r.triage.level)
    assert.are.equal("acute_limb_ischaemia", r.triage.reasons[1].rule)
    assert.is_nil(r.next_question)
  end)

  it("goes on after a red flag with stop_on_red_flag = false", function()
    local iv = kneepain.session():interview{ stop_on_red_flag = false }
    iv:answer("calf_swelling", true)
    assert.is_table(iv:next())
    local r = iv:assess()
    assert.are.equal("consultation_24", r.triage.level)
    assert.are.equal("none", r.stop_reason)
    assert.is_false(r.should_stop)
  end)

  it("asks nothing more in an emergency, even with stop_on_red_flag = false", function()
    local iv = kneepain.session():interview{ stop_on_red_flag = false }
    iv:answer("cold_pale_foot", true)
    assert.is_nil(iv:next())
    local r = iv:assess()
    assert.are.equal("emergency_ambulance", r.triage.level)
    assert.are.equal("emergency", r.stop_reason)
    assert.is_true(r.should_stop)
    assert.is_nil(r.next_question)
  end)

  it("reports the interview's question like the C JSON report", function()
    local iv = kneepain.session():apply(H.week()):interview{ budget = 10 }
    iv:exclude("cold_pale_foot")
    for _ = 1, 4 do
      local t = iv:assess()
      local j = assert(json.decode(iv:assess_json(), 1, json.null))
      assert.are.equal(j.stop_reason, t.stop_reason)
      assert.are.equal(j.should_stop, t.should_stop)
      assert.are.equal(j.receipt, t.receipt)
      local q = t.next_question
      assert.are.equal(iv:next().finding, q.finding)
      for k, v in pairs(q) do
        if type(v) == "number" then
          assert.is_true(math.abs(v - j.next_question[k]) < 1e-9, k)
        else
          assert.are.same(j.next_question[k], v, k)
        end
      end
      for _, k in ipairs({ "finding", "text", "type", "kind", "rationale", "information_gain",
                           "gain_conditions", "gain_triage", "cost", "asked_with",
                           "rationale_conditions" }) do
        assert.is_not_nil(q[k], k)
      end
      iv:dont_know(q.finding)
    end
  end)

  it("raises error tables that name the finding; nothing is counted", function()
    local iv = kneepain.session():interview()
    local err = H.fails("ENOTFOUND", iv.answer, iv, "no_such_finding", true)
    assert.matches("no_such_finding", err.message)
    assert.are.equal(kneepain.codes.ENOTFOUND, err.code)
    assert.are.equal("integer", math.type(err.code))
    assert.matches("age", H.fails("ETYPE", iv.answer, iv, "age", "old").message)
    assert.matches("calf_swelling", H.fails("ETYPE", iv.answer, iv, "calf_swelling", 1).message)
    assert.matches("age", H.fails("ERANGE", iv.answer, iv, "age", 500).message)
    assert.matches("sex", H.fails("ENOTFOUND", iv.answer, iv, "sex", "robot").message)
    assert.matches("no_such_finding", H.fails("ENOTFOUND", iv.dont_know, iv, "no_such_finding").message)
    assert.matches("no_such_finding", H.fails("ENOTFOUND", iv.exclude, iv, "no_such_finding").message)
    assert.matches("no_such_finding", H.fails("ENOTFOUND", iv.set_cost, iv, "no_such_finding", 2).message)
    assert.matches("age", H.fails("ERANGE", iv.set_cost, iv, "age", 0).message)
    H.fails("ETYPE", iv.set_cost, iv, "age", "cheap")
    H.fails("ETYPE", iv.exclude, iv, "age", 1)
    assert.are.equal(0, iv:asked())
    assert.is_nil(iv.session:get("age"))
    assert.matches("^kneepain: ENOTFOUND: ", tostring(err))
  end)

  it("checks its options", function()
    local s = kneepain.session()
    assert.matches("triage_weight", H.fails("ERANGE", s.interview, s, { triage_weight = -1 }).message)
    assert.matches("budget", H.fails("ERANGE", s.interview, s, { budget = -1 }).message)
    H.fails("ERANGE", s.interview, s, { budget = 2.5 })
    H.fails("ETYPE", s.interview, s, { budget = "3" })
    H.fails("ETYPE", s.interview, s, { stop_on_red_flag = 1 })
    assert.matches("bogus", H.fails("EINVAL", s.interview, s, { bogus = true }).message)
    H.fails("EINVAL", kneepain.interview, "not a session")
    H.fails("EINVAL", s.assess, s, { bogus = true })
  end)

  it("treats kneepain.DONT_KNOW as unknown in sessions", function()
    local s = kneepain.session():set("age", 40)
    s:set("age", DONT_KNOW)
    assert.is_nil(s:get("age"))
    assert.are.equal("kneepain.DONT_KNOW", tostring(DONT_KNOW))
    H.fails("EINVAL", function() DONT_KNOW.x = 1 end)
  end)
end)

describe("interview save and restore", function()
  local function story()
    local s = kneepain.session():apply(H.week())
    local iv = s:interview{ budget = 12, triage_weight = 0.5, min_gain = 0.02 }
    iv:answer("cold_pale_foot", false):answer("age", 15):answer("sex", "male")
    iv:answer("cold_intolerance", true):dont_know("pain_now")
    iv:set_cost("weekly_km", 3):exclude("knee_locked")
    return iv
  end

  it("round-trips asked count, answers, options, costs and exclusions", function()
    local iv = story()
    local saved = iv:to_json()
    assert.is_string(saved)
    assert.matches('"interview"', saved)
    local iv2, info = kneepain.restore_interview(saved)
    assert.is_true(kneepain.is_interview(iv2))
    assert.is_true(kneepain.is_session(iv2.session))
    assert.are.equal(iv:asked(), iv2:asked())
    assert.are.equal("integer", math.type(iv2:asked()))
    for _, id in ipairs({ "cold_pale_foot", "age", "sex", "cold_intolerance", "pain_now" }) do
      assert.are.equal(iv.session:get(id), iv2.session:get(id), id)
    end
    assert.are.equal(iv.session:run_count(), iv2.session:run_count())
    assert.are.same(iv:next(), iv2:next())
    assert.are.same(iv:assess(), iv2:assess())
    assert.are.equal(saved, iv2:to_json())
    assert.are.same({ saved_model_id = "kneepain-default",
                      saved_model_version = kneepain.model_default().version,
                      model_changed = false, dropped = {} }, info)
  end)

  it("keeps counting against the restored budget", function()
    local iv = kneepain.restore_interview(story():to_json())
    local left = 12 - iv:asked()
    assert.are.equal(left, #dont_know_all(iv))
    assert.are.equal("budget", iv:assess().stop_reason)
  end)

  it("restores a session document as a session, and as a fresh interview", function()
    local s = kneepain.session():apply(H.week()):set("age", 40)
    local s2, info = kneepain.restore_session(s:to_json())
    assert.is_true(kneepain.is_session(s2))
    assert.are.equal(40, s2:get("age"))
    assert.are.equal(s:assess().receipt, s2:assess().receipt)
    assert.is_false(info.model_changed)
    assert.are.same({}, info.dropped)
    local iv = kneepain.restore_interview(s:to_json())
    assert.are.equal(0, iv:asked())
    -- an interview document is a session document too
    local s3 = kneepain.restore_session(story():to_json())
    assert.are.equal("male", s3:get("sex"))
  end)

  it("restores the session's locale for question texts", function()
    local s = kneepain.session():set_options{ locale = "de" }
    local iv = kneepain.restore_interview(s:interview():to_json())
    assert.are.equal("Ist Ihr Fuß oder Unterschenkel gerade kalt, blass, bläulich oder fleckig (Taubheit allein wird getrennt gefragt)?",
                     iv:next().text)
    local s2 = kneepain.session():load_json(s:to_json())
    assert.are.equal(iv:next().text, s2:interview():next().text)
  end)

  it("drops answers that no longer map under a newer model, and says why", function()
    local m = newer_model()
    assert.are.equal("99.0.0", m.version)
    local iv = story()
    local iv2, info = kneepain.restore_interview(iv:to_json(), m)
    assert.are.equal(m, iv2.model)
    assert.are.equal("kneepain-default", info.saved_model_id)
    assert.are.equal(kneepain.model_default().version, info.saved_model_version)
    assert.is_true(info.model_changed)
    table.sort(info.dropped, function(a, b) return a.finding < b.finding end)
    assert.are.same({ { finding = "age", reason = "out of range" },
                      { finding = "cold_intolerance", reason = "unknown finding" } },
                    info.dropped)
    -- the rest is kept
    assert.is_nil(iv2.session:get("age"))
    assert.are.equal("male", iv2.session:get("sex"))
    assert.are.equal(false, iv2.session:get("cold_pale_foot"))
    assert.are.equal(iv.session:run_count(), iv2.session:run_count())
    assert.is_true(iv2:asked() < iv:asked())
    iv2:answer("age", 20)
    assert.are.equal(20, iv2.session:get("age"))

    local s, sinfo = kneepain.restore_session(iv.session:to_json(), m)
    assert.is_true(sinfo.model_changed)
    assert.are.equal(2, #sinfo.dropped)
    assert.are.equal("male", s:get("sex"))
  end)

  it("drops unknown findings written into a saved document", function()
    local saved = kneepain.session():set("age", 30):to_json()
    local edited, n = saved:gsub('"evidence": {', '"evidence": {"retired_finding": true, ', 1)
    assert.are.equal(1, n)
    local s, info = kneepain.restore_session(edited)
    assert.are.same({ { finding = "retired_finding", reason = "unknown finding" } }, info.dropped)
    assert.is_false(info.model_changed)
    assert.are.equal(30, s:get("age"))
  end)

  it("raises error tables on bad documents", function()
    H.fails("EPARSE", kneepain.restore_session, "{")
    H.fails("EPARSE", kneepain.restore_interview, "not json")
    H.fails("ETYPE", kneepain.restore_session, 42)
    H.fails("EINVAL", kneepain.restore_session, "{}", "not a model")
  end)
end)

describe("interview garbage collection", function()
  it("keeps the session alive while the interview lives", function()
    local s = kneepain.session():set("age", 35)
    local iv = s:interview()
    s = nil
    full_gc()
    local q = assert(iv:next())
    iv:answer(q.finding, false)
    assert.are.equal(1, iv:asked())
    assert.are.equal(35, iv.session:get("age"))
    assert.is_table(iv:assess().triage)
    assert.is_string(iv:to_json())
  end)

  it("keeps a restored interview working after everything else is dropped", function()
    local m = newer_model()
    local iv, info = kneepain.restore_interview(kneepain.session():interview():to_json(), m)
    m, info = nil, nil
    full_gc()
    iv:answer("calf_swelling", true)
    assert.are.equal("consultation_24", iv:assess().triage.level)
  end)

  it("frees interviews and sessions dropped in random orders", function()
    math.randomseed(7)
    local live = {}
    for i = 1, 200 do
      local s = kneepain.session()
      local iv = s:interview{ budget = 5 }
      local q = iv:next()
      if q then iv:dont_know(q.finding) end
      live[#live + 1] = (i % 2 == 0) and s or iv
      if i % 3 == 0 then live[#live + 1] = kneepain.restore_interview(iv:to_json()) end
      while #live > 15 do table.remove(live, math.random(#live)) end
      if i % 20 == 0 then full_gc() else collectgarbage("step") end
    end
    for _, v in ipairs(live) do
      if kneepain.is_interview(v) then assert.is_true(v:asked() >= 0) end
    end
    live = nil
    full_gc()
  end)
end)
