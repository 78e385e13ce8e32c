-- What would change the triage: kneepain.triage_changes(), session and
-- interview :triage_changes(), report.triage_changes.
local kneepain = require("kneepain")
local core = require("kneepain_core")
local json = require("dkjson")
local H = require("helper")

local RANK = {}
for i, level in ipairs(kneepain.levels) do RANK[level] = i end -- 1 = most urgent

-- A session with `evidence` and then the answers of what-if entry `e`.
local function apply(evidence, e)
  local s = kneepain.session():apply{ evidence = evidence }
  for _, a in ipairs(e.answers) do s:set(a.finding, a.value) end
  return s
end

local function check_entry_shape(e, model)
  assert.is_true(e.direction == "raise" or e.direction == "lower")
  assert.is_not_nil(RANK[e.level], e.level)
  assert.is_string(e.text)
  if e.direction == "raise" then assert.is_string(e.rule) else assert.is_nil(e.rule) end
  assert.is_true(#e.answers >= 1)
  for _, a in ipairs(e.answers) do
    local f = model:finding(a.finding)
    assert.is_string(a.test)
    if f.type == "bool" then
      assert.is_boolean(a.value)
    elseif f.type == "choice" then
      assert.is_string(a.value)
      local ok = false
      for _, c in ipairs(f.choices) do ok = ok or c == a.value end
      assert.is_true(ok, a.value)
    else
      assert.is_number(a.value)
      if a.value == math.floor(a.value) then
        assert.are.equal("integer", math.type(a.value))
      end
    end
  end
end

describe("triage changes", function()
  it("lists raises on a fresh session, each of them sound", function()
    local s = kneepain.session()
    local base = s:assess().triage.level
    local changes = s:triage_changes()
    assert.is_true(#changes >= 5)
    for i, e in ipairs(changes) do
      check_entry_shape(e, s.model)
      assert.are.equal("raise", e.direction)
      assert.is_true(RANK[e.level] < RANK[base])
      if i > 1 then assert.is_true(RANK[changes[i - 1].level] <= RANK[e.level]) end
      -- answering the entry's answers raises the triage to its level
      local level = apply({}, e):assess().triage.level
      assert.is_true(RANK[level] <= RANK[e.level],
                     ("%s: %s, expected %s"):format(e.rule, level, e.level))
    end
    local first = changes[1]
    assert.are.equal("emergency_ambulance", first.level)
    assert.are.equal("emergency_ambulance", apply({}, first):assess().triage.level)
  end)

  it("gives typed example values: booleans, choice IDs, integral numbers", function()
    local types = {}
    local m = kneepain.model_default()
    for _, e in ipairs(kneepain.session():triage_changes()) do
      for _, a in ipairs(e.answers) do types[m:finding(a.finding).type] = a end
    end
    assert.are.equal(true, types.bool.value)
    assert.are.equal("= yes", types.bool.test)
    assert.is_string(types.choice.value)
    assert.are.equal("integer", math.type(types.number.value))
  end)

  it("lists lowers for given answers, each of them sound", function()
    local evidence = { cold_pale_foot = true, age = 70 }
    local s = kneepain.session():apply{ evidence = evidence }
    assert.are.equal("emergency_ambulance", s:assess().triage.level)
    local lowers = {}
    for _, e in ipairs(s:triage_changes()) do
      check_entry_shape(e, s.model)
      if e.direction == "lower" then lowers[#lowers + 1] = e end
    end
    assert.is_true(#lowers >= 1)
    for _, e in ipairs(lowers) do
      local level = apply(evidence, e):assess().triage.level
      assert.is_true(RANK[level] >= RANK[e.level], level)
      assert.is_true(RANK[level] > RANK.emergency_ambulance)
    end
    assert.are.same({ { finding = "cold_pale_foot", value = false, test = "= no" } },
                    lowers[1].answers)
  end)

  it("equal the C analysis as JSON", function()
    for _, evidence in ipairs({ {}, { trauma = true }, { cold_pale_foot = true, age = 70 },
                                H.week().evidence }) do
      local s = kneepain.session():apply{ evidence = evidence }
      local w = core.report_triage_changes(core.session_assess(s._h))
      local j = assert(json.decode(core.whatif_to_json(w), 1, json.null))
      local t = s:triage_changes()
      assert.are.equal(#j, #t)
      for i, e in ipairs(t) do
        local je = j[i]
        assert.are.equal(je.direction, e.direction)
        assert.are.equal(je.level, e.level)
        assert.are.equal(je.rule ~= json.null and je.rule or nil, e.rule)
        assert.are.equal(je.text, e.text)
        assert.are.equal(#je.answers, #e.answers)
        for k, a in ipairs(e.answers) do
          assert.are.equal(je.answers[k].finding, a.finding)
          assert.are.equal(je.answers[k].value, a.value)
          assert.are.equal(je.answers[k].test, a.test)
        end
      end
    end
  end)

  it("follows the evidence: after trauma, a deformity raises to emergency", function()
    local found = false
    for _, e in ipairs(kneepain.triage_changes{ evidence = { trauma = true } }) do
      if #e.answers == 1 and e.answers[1].finding == "visible_deformity" then
        assert.are.equal("emergency", e.level)
        assert.are.equal(true, e.answers[1].value)
        found = true
      end
    end
    assert.is_true(found)
  end)

  it("is the same from every entry point", function()
    local input = H.week()
    local s = kneepain.session():apply(input)
    local changes = s:triage_changes()
    assert.are.same(changes, kneepain.triage_changes(input))
    assert.are.same(changes, kneepain.triage_changes(s))
    assert.are.same(changes, kneepain.triage_changes(s:interview()))
    assert.are.same(changes, s:interview():triage_changes())
    local report = s:assess{ triage_changes = true }
    assert.are.same(changes, report.triage_changes)
    assert.is_nil(s:assess().triage_changes)
    local m = kneepain.load_model(H.top_srcdir .. "/models/default.json")
    assert.are.same(changes, kneepain.triage_changes(input, m))
  end)

  it("appear in the interview report with triage_changes = true", function()
    local iv = kneepain.session():interview()
    iv:answer("trauma", true)
    local r = iv:assess{ triage_changes = true }
    assert.are.same(iv:triage_changes(), r.triage_changes)
    assert.is_true(#r.triage_changes >= 1)
    H.fails("ETYPE", iv.assess, iv, { triage_changes = "yes" })
  end)
end)
