-- Shared fixtures for the kneepain busted specs.
local H = {}

H.top_srcdir = os.getenv("KP_TOP_SRCDIR") or "../.."

--- A runner's week as an app would hold it: runs, a shoe, a diary, answers.
function H.week()
  return {
    as_of = "2026-11-01",
    evidence = { age = 34, sex = "female", pain_side = "lateral",
                 pain_resisted_flexion = true, calf_swelling = false },
    runs = {
      { date = "2026-10-26", distance_km = 6.0, duration_min = 34, rpe = 4, gear = "shoe-a" },
      { date = "2026-10-28", distance_km = 8.0, duration_min = 45, rpe = 5, gear = "shoe-a" },
      { date = "2026-10-30", distance_km = 5.5, duration_min = 31, rpe = 4, gear = "shoe-a" },
      { date = "2026-11-01", distance_km = 16.0, duration_min = 95, rpe = 7, gear = "shoe-a",
        elevation_gain_m = 240 },
    },
    shoes = { { gear = "shoe-a", start_km = 610 } },
    pain_diary = { { date = "2026-10-31", during = 3, after = 4, next_morning = 2 },
                   { date = "2026-11-01", during = 4, after = 5, next_morning = 3 } },
    options = { locale = "en" },
  }
end

function H.read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

--- The clinical vignettes the C tests use (tests/vignettes/core.json).
function H.vignettes()
  local json = require("dkjson")
  local doc = assert(json.decode(H.read(H.top_srcdir .. "/tests/vignettes/core.json"), 1, json.null))
  return doc.vignettes
end

--- Call f(...), which must fail with a kneepain error named `name`;
-- returns the error table.
function H.fails(name, f, ...)
  local kneepain = require("kneepain")
  local ok, err = pcall(f, ...)
  assert(not ok, "expected a " .. name .. " error, call succeeded")
  assert(kneepain.is_error(err), "expected an error table, got " .. tostring(err))
  assert(err.name == name, ("expected %s, got %s (%s)"):format(name, err.name, err.message))
  return err
end

function H.tmpfile(contents)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(contents)
  f:close()
  return path
end

return H
