--- kneepain: Lua 5.4 API of libkneepain.
--
-- Decision support (never a diagnosis) for runners with pain behind the
-- knee: plain tables in (answers, runs, shoes, pain diary), a plain report
-- table out with the same shape as the C library's JSON report.
--
--   local kneepain = require("kneepain")
--   local report = kneepain.assess{ evidence = { age = 34, calf_swelling = false },
--                                   runs = { { date = "2026-10-30", distance_km = 8 } } }
--   print(report.triage.level, report.plan[1].text)
--
-- Adaptive interviews (session:interview()), "what would change the
-- triage" (kneepain.triage_changes()) and save/restore across model
-- versions (kneepain.restore_session/restore_interview) build on sessions.
--
-- Errors are raised as tables {code = <int>, name = "ERANGE", message = ...}
-- (tostring() gives "kneepain: ERANGE: <message>"); see doc/lua.md.
local core = require("kneepain_core")

local M = {}

-- Core functions by their C name, whatever prefix rule the shared SWIG
-- interface applies (kp_session_new or session_new).
local C = setmetatable({}, {
  __index = function(t, name)
    local f = core[name]
    if f == nil then f = core[(name:gsub("^kp_", ""))] end
    if f == nil then error("kneepain_core has no " .. name, 2) end
    rawset(t, name, f)
    return f
  end,
})

local NAN = 0 / 0
local tointeger = math.tointeger

-- Stable C enum values (kneepain.h).
local KIND = { finding = 0, cause = 1, condition = 2, remedy = 3, rule = 4 }
local TYPE_NAME = { [0] = "bool", [1] = "number", [2] = "choice" }
local LOAD_UNIT = { distance = 0, duration = 1, srpe = 2 }
-- kp_import_format values (include/kneepain.h)
local FORMAT = { auto = 0, strava = 1, garmin = 2, plain = 3, fit = 4, gpx = 5, tcx = 6 }

--- Status codes by name (kneepain.h KP_E*, without the prefix).
M.codes = {
  OK = 0, ERROR = -1, ENOMEM = -2, EINVAL = -3, ENOTFOUND = -4, ETYPE = -5,
  ERANGE = -6, EPARSE = -7, EMODEL = -8, EIO = -9, EVERSION = -10,
  ESTATE = -11, EFORMAT = -12,
}
local E = M.codes

-- Integral numbers as Lua integers (counts); other numbers unchanged.
local function int(x)
  return tointeger(x) or x
end

---------------------------------------------------------------- errors

local new_error = C.kplua_error
local ErrorMT = getmetatable(new_error(E.ERROR, ""))

--- True when `v` is an error table raised by this module.
function M.is_error(v)
  return getmetatable(v) == ErrorMT
end

--- Build an error table (the shape every kneepain error has).
function M.error(code, message)
  return new_error(code, message)
end

local function raise(code, message)
  error(new_error(code, message), 0)
end

-- Put the input-table path into a message.  The C library names fields
-- "<object>.<field>: ..." (run.rpe, shoes.gear, evidence.age) or
-- "<field>: ..."; the path says which entry, e.g. "runs[3]".
local function locate(path, message)
  local head, rest = message:match("^([%w_%.]+)(: .*)$")
  if head == nil then return path .. ": " .. message end
  if path:sub(-#head) == head then return path .. rest end
  local field = head:match("^[%w_]+%.(.+)$")
  return path .. "." .. (field or head) .. rest
end

-- Call f(...); a failure's message gets `path` (see locate).
local function at(path, f, ...)
  local ok, err = pcall(f, ...)
  if not ok then
    if getmetatable(err) ~= ErrorMT then
      err = new_error(E.EINVAL, tostring(err))
    end
    err.message = locate(path, err.message)
    error(err, 0)
  end
  return err
end

local function check(path, v, want, optional)
  if v == nil and optional then return end
  if type(v) ~= want then
    raise(E.ETYPE, ("%s: expected %s, got %s"):format(path, want, type(v)))
  end
end

-- A list: keys exactly 1..n.  ipairs() would stop at a hole or skip
-- string keys silently ({ {..}, nil, {..} }, { first = {..} }).
local function check_sequence(path, t)
  check(path, t, "table")
  local n = 0
  for _ in pairs(t) do n = n + 1 end
  for k in pairs(t) do
    if math.type(k) ~= "integer" or k < 1 or k > n then
      raise(E.ETYPE, ("%s: expected a sequence (a list without holes), got key %s"):format(
        path, type(k) == "string" and ("%q"):format(k) or tostring(k)))
    end
  end
end

local function check_keys(path, t, allowed)
  check(path, t, "table")
  for k in pairs(t) do
    if not allowed[k] then
      raise(E.EINVAL, ("%s: unknown key %q"):format(path, tostring(k)))
    end
  end
end

local function opt_number(path, v)
  check(path, v, "number", true)
  if v == nil then return NAN end
  return v
end

local function sorted_keys(t)
  local keys = {}
  for k in pairs(t) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  return keys
end

local function list(n, f)
  local t = {}
  for i = 0, int(n) - 1 do t[i + 1] = f(i) end
  return t
end

---------------------------------------------------------------- library

--- "MAJOR.MINOR.PATCH" of the C library in use.
M.version = C.kp_version_string()
do
  local major, minor, patch = C.kp_version()
  M.version_info = { major = int(major), minor = int(minor), patch = int(patch) }
end

--- Triage levels, most urgent first.
M.levels = list(5, function(i) return C.kp_level_id(i) end)

--- "Don't know" as an answer value: interview:answer(id, kneepain.DONT_KNOW)
-- (the finding stays unknown and is not asked again);
-- session:set(id, kneepain.DONT_KNOW) is session:unset(id).
M.DONT_KNOW = setmetatable({}, {
  __name = "kneepain.DONT_KNOW",
  __tostring = function() return "kneepain.DONT_KNOW" end,
  __newindex = function() raise(E.EINVAL, "kneepain.DONT_KNOW is read-only") end,
  __metatable = false,
})
local DONT_KNOW = M.DONT_KNOW

---------------------------------------------------------------- models

local Model = {}
Model.__index = Model
Model.__name = "kneepain.model"

local function wrap_model(handle)
  return setmetatable({
    _h = handle,
    id = C.kp_model_id(handle),
    version = C.kp_model_version(handle),
    sha256 = C.kp_model_sha256(handle),
    _findings = {},
  }, Model)
end

function Model:__tostring()
  return ("kneepain.model(%s %s)"):format(self.id, self.version)
end

--- IDs of every item of a kind ("finding", "cause", "condition", "remedy",
-- "rule"), in model order.
function Model:ids(kind)
  local k = KIND[kind]
  if k == nil then raise(E.EINVAL, "kind: unknown kind " .. tostring(kind)) end
  local h = self._h
  return list(C.kp_model_count(h, k), function(i)
    return C.kp_model_item_id(h, k, i)
  end)
end

--- Display text of an item (a finding's question, a cause's name...).
function Model:text(kind, id, locale)
  local k = KIND[kind]
  if k == nil then raise(E.EINVAL, "kind: unknown kind " .. tostring(kind)) end
  check("id", id, "string")
  check("locale", locale, "string", true)
  local index = C.kp_model_find(self._h, k, id)
  return C.kp_model_item_text(self._h, k, index, locale)
end

--- Description of a finding: {id, type = "bool"|"number"|"choice", min,
-- max, choices = {...} (choice findings), text, derived}.  Cached; treat
-- it as read-only.
function Model:finding(id)
  local f = self._findings[id]
  if f then return f end
  check("finding", id, "string")
  local h = self._h
  local index = C.kp_model_find(h, KIND.finding, id)
  local lo, hi = C.kp_model_finding_range(h, index)
  f = {
    id = id,
    index = int(index),
    type = TYPE_NAME[C.kp_model_finding_type(h, index)],
    min = int(lo),
    max = int(hi),
    text = C.kp_model_item_text(h, KIND.finding, index, nil),
    derived = C.kp_model_finding_is_derived(h, index) ~= 0,
  }
  if f.type == "choice" then
    f.choices = list(C.kp_model_finding_choice_count(h, index), function(c)
      return C.kp_model_finding_choice_id(h, index, c)
    end)
  end
  self._findings[id] = f
  return f
end

--- Locales with texts, the default first.
function Model:locales()
  local h = self._h
  return list(C.kp_model_locale_count(h), function(i)
    return C.kp_model_locale(h, i)
  end)
end

-- The locale key for a finding's question: "<locale>-3p" in the third
-- person (the C lookup falls back from it to "<locale>", then the default).
local function question_locale(model, locale, third)
  if not third then return locale end
  if locale == nil then
    if model._default_locale == nil then model._default_locale = model:locales()[1] or "en" end
    locale = model._default_locale
  end
  return (locale:match("^[^-_]+") or locale) .. "-3p"
end

local default_model

--- The model compiled into the library (one shared object).
function M.model_default()
  if default_model == nil then
    default_model = wrap_model(C.kp_model_default())
  end
  return default_model
end

--- Load and validate a model file.
function M.load_model(path)
  check("path", path, "string")
  return wrap_model(C.kp_model_load_file(path))
end

--- Load a model from a JSON string; `name` is used in messages.
function M.load_model_string(json, name)
  check("json", json, "string")
  check("name", name, "string", true)
  return wrap_model(C.kp_model_load_buffer(json, name))
end

--- True when `v` is a model object.
function M.is_model(v)
  return getmetatable(v) == Model
end

---------------------------------------------------------------- reports

-- A finding's value as C stores it (bool 0/1, choice index, number) in
-- its Lua type.
local function typed_value(f, v)
  if f.type == "bool" then return v ~= 0 end
  if f.type == "choice" then return f.choices[int(v) + 1] end
  return v
end

-- Answer labels of a choice finding: {{id =, text =}, ...} in `locale`
-- (nil = the model default), third-person variants when `third`.
local function choice_list(model, f, locale, third)
  local h, index = model._h, f.index
  return list(#f.choices, function(c)
    return { id = f.choices[c + 1],
             text = C.kp_model_finding_choice_text(h, index, c, locale, third and 1 or 0) }
  end)
end

---------------------------------------------------------------- what-if

local DIRECTION = { [1] = "raise", [-1] = "lower" }

-- A kp_whatif as a list of plain tables (the JSON report's
-- "triage_changes"); example values in their Lua types.
local function whatif_table(w, model)
  return list(C.kp_whatif_count(w), function(i)
    return {
      direction = DIRECTION[C.kp_whatif_direction(w, i)],
      level = C.kp_level_id(C.kp_whatif_level(w, i)),
      rule = C.kp_whatif_rule(w, i),
      text = C.kp_whatif_text(w, i),
      answers = list(C.kp_whatif_answer_count(w, i), function(j)
        local id = C.kp_whatif_answer_finding(w, i, j)
        local f = model:finding(id)
        local v = C.kp_whatif_answer_value(w, i, j)
        return {
          finding = id,
          value = f.type == "number" and int(v) or typed_value(f, v),
          test = C.kp_whatif_answer_test(w, i, j),
        }
      end),
    }
  end)
end

local ASSESS_KEYS = { triage_changes = true }

local function check_assess_options(opts)
  if opts == nil then return end
  check_keys("assess options", opts, ASSESS_KEYS)
  check("assess options.triage_changes", opts.triage_changes, "boolean", true)
end

-- Report table of report handle `r` made for session object `s`.
local function assess_table(r, s, opts)
  -- built in C in one call (kneepain_lua_report.i); `_third_person` for
  -- the answer labels of a choice question, every other text is the report's
  local rep = C.kplua_report_table(r, s._third_person)
  if opts and opts.triage_changes then
    rep.triage_changes = whatif_table(C.kp_report_triage_changes(r), s.model)
  end
  return rep
end

---------------------------------------------------------------- sessions

local Session = {}
Session.__index = Session
Session.__name = "kneepain.session"

local function model_arg(model)
  if model == nil then return M.model_default() end
  if getmetatable(model) ~= Model then
    raise(E.EINVAL, "model: expected a kneepain model, got " .. type(model))
  end
  return model
end

-- The session's text options as Lua knows them (for question texts built
-- from the model): set by set_options(), read back from the session
-- document after load_json() or a restore.
local function sync_text_options(s)
  local options = C.kp_session_to_json(s._h):match('"options"%s*:%s*(%b{})') or ""
  s._locale = options:match('"locale"%s*:%s*"([^"\\]*)"')
  s._third_person = options:match('"third_person"%s*:%s*true') ~= nil
end

local function wrap_session(handle, model, restored)
  local s = setmetatable({ _h = handle, model = model, _third_person = false }, Session)
  if restored then sync_text_options(s) end
  return s
end

--- A new, empty session (one runner) on `model` (default model if nil).
function M.session(model)
  model = model_arg(model)
  return wrap_session(C.kp_session_new(model._h), model)
end

function Session:__tostring()
  return ("kneepain.session(%s, %d runs)"):format(self.model.id, self:run_count())
end

-- Set finding `id` through setters[type] (session or interview functions
-- taking (handle, id, value)), checking the Lua type first.
local function set_typed(model, h, id, value, setters)
  local f = model:finding(id)
  local t, path = f.type, "evidence." .. id
  if t == "bool" then
    check(path, value, "boolean")
    setters.bool(h, id, value and 1 or 0)
  elseif t == "number" then
    check(path, value, "number")
    setters.number(h, id, value)
  else
    check(path, value, "string")
    setters.choice(h, id, value)
  end
end

local SESSION_SETTERS = {
  bool = C.kp_session_set_bool, number = C.kp_session_set_number,
  choice = C.kp_session_set_choice,
}

--- Answer a finding: a boolean, number or choice ID as the model's type
-- of that finding requires; nil (or kneepain.DONT_KNOW) makes it unknown
-- again.
function Session:set(id, value)
  if value == nil or value == DONT_KNOW then return self:unset(id) end
  set_typed(self.model, self._h, id, value, SESSION_SETTERS)
  return self
end

--- Make a finding unknown again (unknown is not "absent").
function Session:unset(id)
  check("finding", id, "string")
  C.kp_session_unset(self._h, id)
  return self
end

--- The answer given for a finding (boolean, number or choice ID), or nil.
function Session:get(id)
  local f = self.model:finding(id)
  local rc, v = C.kp_session_get(self._h, id)
  if rc == 0 then return nil end
  if f.type == "number" then return int(v) end
  return typed_value(f, v)
end

local RUN_KEYS = { date = true, distance_km = true, duration_min = true,
                   rpe = true, gear = true, elevation_gain_m = true }

local function add_run(h, run, path)
  check_keys(path, run, RUN_KEYS)
  check(path .. ".date", run.date, "string")
  check(path .. ".distance_km", run.distance_km, "number")
  check(path .. ".gear", run.gear, "string", true)
  at(path, C.kp_session_add_run, h, run.date, run.distance_km,
     opt_number(path .. ".duration_min", run.duration_min),
     opt_number(path .. ".rpe", run.rpe), run.gear,
     opt_number(path .. ".elevation_gain_m", run.elevation_gain_m))
end

--- Log a run: {date = "YYYY-MM-DD", distance_km = n, duration_min = n?,
-- rpe = n?, gear = "shoe"?, elevation_gain_m = n?}.
function Session:add_run(run)
  add_run(self._h, run, "run")
  return self
end

local SHOE_KEYS = { gear = true, start_km = true }

local function add_shoe(h, shoe, path)
  check_keys(path, shoe, SHOE_KEYS)
  check(path .. ".gear", shoe.gear, "string")
  check(path .. ".start_km", shoe.start_km, "number", true)
  at(path, C.kp_session_add_shoe, h, shoe.gear, shoe.start_km or 0)
end

--- Declare a shoe: add_shoe{gear = "name", start_km = n} or
-- add_shoe("name", n): the distance it had before the log started.
function Session:add_shoe(gear, start_km)
  if type(gear) ~= "table" then gear = { gear = gear, start_km = start_km } end
  add_shoe(self._h, gear, "shoes")
  return self
end

local PAIN_KEYS = { date = true, during = true, after = true, next_morning = true }

local function add_pain(h, entry, path)
  check_keys(path, entry, PAIN_KEYS)
  check(path .. ".date", entry.date, "string")
  at(path, C.kp_session_add_pain, h, entry.date,
     opt_number(path .. ".during", entry.during),
     opt_number(path .. ".after", entry.after),
     opt_number(path .. ".next_morning", entry.next_morning))
end

--- Add a pain-diary entry: {date = "YYYY-MM-DD", during = 0..10?,
-- after = 0..10?, next_morning = 0..10?}.
function Session:add_pain(entry)
  add_pain(self._h, entry, "pain_diary")
  return self
end

--- Date the assessment is for ("YYYY-MM-DD"; nil = the last run's date).
function Session:set_as_of(date)
  check("as_of", date, "string", true)
  at("as_of", C.kp_session_set_as_of, self._h, date)
  return self
end

local OPTION_KEYS = { locale = true, max_plan_items = true, load_unit = true,
                      third_person = true }

--- Options: {locale = "en"?, max_plan_items = n?, load_unit =
-- "distance"|"duration"|"srpe"?, third_person = boolean?}.
function Session:set_options(opts)
  check_keys("options", opts, OPTION_KEYS)
  check("options.locale", opts.locale, "string", true)
  check("options.third_person", opts.third_person, "boolean", true)
  local n = opts.max_plan_items or 0
  if tointeger(n) == nil or n < 0 then
    raise(E.ERANGE, "options.max_plan_items: expected a non-negative integer")
  end
  local unit = LOAD_UNIT[opts.load_unit or "distance"]
  if unit == nil then
    raise(E.EINVAL, ("options.load_unit: unknown unit %q (distance, duration, srpe)")
      :format(tostring(opts.load_unit)))
  end
  at("options", C.kp_session_set_options, self._h, opts.locale, tointeger(n), unit,
     opts.third_person and 1 or 0)
  self._locale, self._third_person = opts.locale, opts.third_person == true
  return self
end

local function import_options(opts)
  opts = opts or {}
  check_keys("import options", opts, { format = true, miles = true })
  check("import options.miles", opts.miles, "boolean", true)
  local format = FORMAT[opts.format or "auto"]
  if format == nil then
    raise(E.EINVAL, ("import options.format: unknown format %q (auto, strava, garmin, plain, fit, gpx, tcx)")
      :format(tostring(opts.format)))
  end
  return format, opts.miles and 1 or 0
end

--- Import a training log: CSV (Strava, Garmin or plain) or a watch file
-- (FIT, GPX, TCX, any of them gzip-compressed).  opts: {format =
-- "auto"|"strava"|"garmin"|"plain"|"fit"|"gpx"|"tcx", miles = boolean}.  All or
-- nothing on errors; returns the list of skipped rows ("file:line: reason").
function Session:import(path, opts)
  check("path", path, "string")
  local format, miles = import_options(opts)
  C.kp_session_import_file(self._h, path, format, miles)
  return self:warnings()
end

--- As import(), from CSV text; `name` is used in warnings and messages.
function Session:import_string(data, name, opts)
  check("data", data, "string")
  check("name", name, "string", true)
  local format, miles = import_options(opts)
  C.kp_session_import_buffer(self._h, data, name, format, miles)
  return self:warnings()
end

--- Number of runs in the log (an integer).
function Session:run_count()
  return int(C.kp_session_run_count(self._h))
end

--- Import warnings so far.
function Session:warnings()
  local h = self._h
  return list(C.kp_session_warning_count(h), function(i)
    return C.kp_session_warning(h, i)
  end)
end

--- Forget evidence, runs, shoes and diary (options and as-of are kept).
function Session:clear()
  C.kp_session_clear(self._h)
  return self
end

local LOG_PARTS = { { "shoes", add_shoe }, { "runs", add_run },
                    { "pain_diary", add_pain } }
local INPUT_KEYS = { as_of = true, evidence = true, runs = true, shoes = true,
                     pain_diary = true, options = true }

--- Apply an input table shaped like the JSON input document: {as_of,
-- evidence = {id = value}, runs = {...}, shoes = {...}, pain_diary =
-- {...}, options = {...}}.  Not atomic: on error the parts before the
-- offending field stay applied (use a fresh session, as assess() does).
function Session:apply(input)
  check_keys("input", input, INPUT_KEYS)
  if input.options ~= nil then self:set_options(input.options) end
  if input.as_of ~= nil then self:set_as_of(input.as_of) end
  local h = self._h
  for _, part in ipairs(LOG_PARTS) do
    local name, add = part[1], part[2]
    local items = input[name]
    if items ~= nil then
      check_sequence(name, items)
      local declared = {}
      for i, item in ipairs(items) do
        local path = ("%s[%d]"):format(name, i)
        -- as in the JSON document: one start distance per shoe
        local gear = name == "shoes" and type(item) == "table" and item.gear
        if type(gear) == "string" then
          local key = gear:match("^%s*(.-)%s*$")
          if declared[key] then
            raise(E.EINVAL, ("%s.gear: %q is declared more than once"):format(path, gear))
          end
          declared[key] = true
        end
        add(h, item, path)
      end
    end
  end
  if input.evidence ~= nil then
    check("evidence", input.evidence, "table")
    for _, id in ipairs(sorted_keys(input.evidence)) do
      check("evidence key", id, "string")
      at("evidence." .. tostring(id), self.set, self, id, input.evidence[id])
    end
  end
  return self
end

--- Assess: the report as a table (same shape as the JSON report).
-- opts: {triage_changes = true} adds report.triage_changes (see
-- session:triage_changes()).
function Session:assess(opts)
  check_assess_options(opts)
  return assess_table(C.kp_session_assess(self._h), self, opts)
end

--- What would change the triage for the session's evidence: a list of
-- {direction = "raise"|"lower", level =, rule =, text =, answers =
-- {{finding =, value =, test =}, ...}} (see kneepain.triage_changes).
function Session:triage_changes()
  return whatif_table(C.kp_report_triage_changes(C.kp_session_assess(self._h)), self.model)
end

--- Assess: the C library's JSON report text (pretty when `pretty`).
function Session:assess_json(pretty)
  local r = C.kp_session_assess(self._h)
  return C.kp_report_to_json(r, pretty and 1 or 0)
end

--- The session as a JSON input document (to save and resume).
function Session:to_json()
  return C.kp_session_to_json(self._h)
end

--- Replace the session's content with a JSON input document (atomic).
function Session:load_json(json)
  check("json", json, "string")
  C.kp_session_load_json(self._h, json)
  sync_text_options(self)
  return self
end

--- Start an adaptive interview on this session (see kneepain.interview).
function Session:interview(opts)
  return M.interview(self, opts)
end

--- True when `v` is a session object.
function M.is_session(v)
  return getmetatable(v) == Session
end

---------------------------------------------------------------- interviews

local Interview = {}
Interview.__index = Interview
Interview.__name = "kneepain.interview"

local INTERVIEW_KEYS = { budget = true, triage_weight = true, min_gain = true,
                         stop_on_red_flag = true }
local INTERVIEW_SETTERS = {
  bool = C.kp_interview_answer_bool, number = C.kp_interview_answer_number,
  choice = C.kp_interview_answer_choice,
}

-- The interview keeps its session in `session`: the C interview borrows
-- the session, so the session must not be collected first.
local function wrap_interview(handle, session)
  return setmetatable({ _h = handle, session = session, model = session.model }, Interview)
end

--- Start an adaptive interview on `session`.  opts (all optional):
-- {budget = n (questions to ask at most; nil = no limit), triage_weight =
-- x (>= 0, default 1), min_gain = x (nats; nil = the model's setting),
-- stop_on_red_flag = boolean (default true)}.
function M.interview(session, opts)
  if getmetatable(session) ~= Session then
    raise(E.EINVAL, "session: expected a kneepain session, got " .. type(session))
  end
  opts = opts or {}
  check_keys("interview options", opts, INTERVIEW_KEYS)
  local budget = opts.budget
  check("interview options.budget", budget, "number", true)
  if budget ~= nil and (tointeger(budget) == nil or budget < 0) then
    raise(E.ERANGE, "interview options.budget: expected a non-negative integer, got "
      .. tostring(budget))
  end
  check("interview options.triage_weight", opts.triage_weight, "number", true)
  check("interview options.min_gain", opts.min_gain, "number", true)
  check("interview options.stop_on_red_flag", opts.stop_on_red_flag, "boolean", true)
  local h = at("interview options", C.kp_interview_new, session._h,
               budget and tointeger(budget) or -1, opts.triage_weight or 1.0,
               opts.min_gain or -1.0, opts.stop_on_red_flag == false and 0 or 1)
  return wrap_interview(h, session)
end

function Interview:__tostring()
  return ("kneepain.interview(%s, %d asked)"):format(self.model.id, self:asked())
end

--- The next question, or nil when the interview should stop (then
-- interview:assess().stop_reason says why): {finding =, text =, type =
-- "bool"|"number"|"choice", min =, max = (numbers), choices = {{id =,
-- text =}, ...} (choices)}.  Texts in `locale` (default: the session's
-- options.locale, else the model's default locale).
function Interview:next(locale)
  check("locale", locale, "string", true)
  local id = C.kp_interview_next(self._h)
  if id == nil then return nil end
  local s, model = self.session, self.model
  local f = model:finding(id)
  locale = locale or s._locale
  local q = {
    finding = id,
    type = f.type,
    text = C.kp_model_item_text(model._h, KIND.finding, f.index,
                                question_locale(model, locale, s._third_person)),
  }
  if f.type == "number" then
    q.min, q.max = f.min, f.max
  elseif f.type == "choice" then
    q.choices = choice_list(model, f, locale, s._third_person)
  end
  return q
end

--- Record an answer (boolean, number or choice ID as the finding's type
-- requires) and count one question.  nil or kneepain.DONT_KNOW: "don't
-- know" (see interview:dont_know()).
function Interview:answer(id, value)
  if value == nil or value == DONT_KNOW then return self:dont_know(id) end
  set_typed(self.model, self._h, id, value, INTERVIEW_SETTERS)
  return self
end

--- "Don't know": the finding stays unknown, is not proposed again and the
-- question counts against the budget.
function Interview:dont_know(id)
  check("finding", id, "string")
  C.kp_interview_answer_unknown(self._h, id)
  return self
end

--- Cost of asking a finding (> 0; gains are divided by it), overriding
-- the model's.
function Interview:set_cost(id, cost)
  check("finding", id, "string")
  check("cost", cost, "number")
  C.kp_interview_set_cost(self._h, id, cost)
  return self
end

--- Never propose a finding (excluded true or nil), or allow it again
-- (excluded false).
function Interview:exclude(id, excluded)
  check("finding", id, "string")
  check("excluded", excluded, "boolean", true)
  C.kp_interview_exclude(self._h, id, excluded == false and 0 or 1)
  return self
end

--- Questions answered so far, "don't know" included (an integer).
function Interview:asked()
  return int(C.kp_interview_asked_count(self._h))
end

--- The report table (as session:assess()) with the next question and
-- stop_reason under the interview's budget, costs and exclusions.  opts:
-- {triage_changes = true} adds report.triage_changes.
function Interview:assess(opts)
  check_assess_options(opts)
  return assess_table(C.kp_interview_assess(self._h), self.session, opts)
end

--- As interview:assess(), the C library's JSON report text.
function Interview:assess_json(pretty)
  return C.kp_report_to_json(C.kp_interview_assess(self._h), pretty and 1 or 0)
end

--- What would change the triage (as session:triage_changes()).
function Interview:triage_changes()
  return whatif_table(C.kp_report_triage_changes(C.kp_interview_assess(self._h)), self.model)
end

--- Save: the session document plus an "interview" member (options, costs,
-- exclusions, questions asked); kneepain.restore_interview() resumes it.
function Interview:to_json()
  return C.kp_interview_to_json(self._h)
end

--- True when `v` is an interview object.
function M.is_interview(v)
  return getmetatable(v) == Interview
end

---------------------------------------------------------------- restore

local function restore_info(r)
  return {
    saved_model_id = C.kp_restore_saved_model_id(r),
    saved_model_version = C.kp_restore_saved_model_version(r),
    model_changed = C.kp_restore_model_changed(r) ~= 0,
    dropped = list(C.kp_restore_dropped_count(r), function(i)
      return { finding = C.kp_restore_dropped_finding(r, i),
               reason = C.kp_restore_dropped_reason(r, i) }
    end),
  }
end

--- Resume a saved session document (session:to_json() or
-- interview:to_json() text) on `model` (default model if nil), which may
-- be newer than the one it was saved with.  Returns the session and info
-- = {saved_model_id =, saved_model_version =, model_changed = boolean,
-- dropped = {{finding =, reason =}, ...}}: answers that no longer map are
-- dropped, not errors.
function M.restore_session(json, model)
  check("json", json, "string")
  model = model_arg(model)
  local h, r = C.kp_session_restore_json(model._h, json)
  return wrap_session(h, model, true), restore_info(r)
end

--- Resume a saved interview (interview:to_json() text) as
-- restore_session() does: returns the interview (its session is
-- interview.session) and info.
function M.restore_interview(json, model)
  check("json", json, "string")
  model = model_arg(model)
  local ih, sh, r = C.kp_interview_restore_json(model._h, json)
  return wrap_interview(ih, wrap_session(sh, model, true)), restore_info(r)
end

---------------------------------------------------------------- one call

--- Input table in, report table out (on `model`, default if nil).
function M.assess(input, model)
  return M.session(model):apply(input):assess()
end

--- What would change the triage, for a session or interview object, or an
-- input table (assessed on `model`, default if nil): a list of
-- {direction = "raise"|"lower", level = <triage level>, rule = <rule ID,
-- nil for "lower">, text =, answers = {{finding =, value =, test =}, ...}}.
-- "raise": the smallest sets of still-unknown answers that make a more
-- urgent rule fire; "lower": changes to given answers that make the
-- triage less urgent.  Values are booleans, choice IDs or numbers.
function M.triage_changes(what, model)
  local mt = getmetatable(what)
  if mt == Session or mt == Interview then return what:triage_changes() end
  return M.session(model):apply(what):triage_changes()
end

--- JSON input text in, JSON report text out (no Lua tables involved).
function M.assess_json(json, model, pretty)
  check("json", json, "string")
  model = model or M.model_default()
  return C.kp_assess_json(model._h, json, pretty and 1 or 0)
end

return M
