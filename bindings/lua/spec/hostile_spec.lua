-- Hostile values from Lua: errors naming the field, never a value the C
-- side would silently cut (a NUL inside a string), wrap (an integer beyond
-- the C type) or skip (a list with holes or string keys).
local kneepain = require("kneepain")
local H = require("helper")

describe("hostile input", function()
  it("refuses strings with an embedded NUL", function()
    local err = H.fails("EINVAL", kneepain.load_model, H.top_srcdir .. "/models/default.json\0junk")
    assert.matches("path: contains a NUL character", err.message)
    local s = kneepain.session()
    H.fails("EINVAL", s.set, s, "age\0junk", 30)
    H.fails("EINVAL", s.add_shoe, s, "shoe-a\0junk", 10)
    local log = H.tmpfile("date,distance_km\n2026-10-01,5\n")
    H.fails("EINVAL", s.import, s, log .. "\0x")
    os.remove(log)
    assert.are.equal(0, s:run_count())
  end)

  it("refuses integers outside the C type instead of wrapping them", function()
    local s = kneepain.session()
    -- 2^32 + 3 would wrap to 3 in a C int
    local err = H.fails("ERANGE", s.set_options, s, { max_plan_items = 4294967299 })
    assert.matches("options.max_plan_items", err.message)
    assert.matches("whole number", err.message)
    H.fails("ERANGE", s.set_options, s, { max_plan_items = math.maxinteger })
    s:set_options({ max_plan_items = 3 })
    assert.is_true(#s:assess().plan <= 3)
  end)

  it("refuses runs, shoes and pain diaries that are not sequences", function()
    for _, name in ipairs({ "runs", "shoes", "pain_diary" }) do
      local week = H.week()
      local list = week[name]
      list[#list + 2] = list[1]           -- a hole before the last entry
      local err = H.fails("ETYPE", kneepain.assess, week)
      assert.matches("^" .. name .. ": expected a sequence", err.message)
      week = H.week()
      week[name].extra = week[name][1]    -- a string key ipairs() would skip
      err = H.fails("ETYPE", kneepain.assess, week)
      assert.matches('^' .. name .. ': expected a sequence .* got key "extra"', err.message)
    end
  end)

  it("refuses a shoe declared twice", function()
    local week = H.week()
    week.shoes[2] = { gear = " shoe-a ", start_km = 900 }
    local err = H.fails("EINVAL", kneepain.assess, week)
    assert.matches('shoes%[2%]%.gear: " shoe%-a " is declared more than once', err.message)
  end)

  it("still accepts ordinary input", function()
    assert.is_string(kneepain.assess(H.week()).triage.level)
  end)
end)
