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
local FORMAT = { auto = 0, strava = 1, garmin = 2, plain = 3 }

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

-- Training-load figures (kp_report_load_metric names); integral ones come
-- back as integers.
local LOAD_METRICS = {
  "weekly_km", "weekly_km_change_pct", "acwr_ewma", "acwr_rolling",
  "acwr_rolling_uncoupled", "run_spike_pct", "consecutive_run_days",
  "runs_last_14d", "rest_days_last_14d", "monotony", "strain",
  "days_since_previous_run",
}
local COUNT_METRICS = {
  consecutive_run_days = true, runs_last_14d = true, rest_days_last_14d = true,
  days_since_previous_run = true,
}
-- Whether the library knows a metric name (checked once: unknown names raise).
local metric_known = {}

local function strings(n, f, r, i)
  local t = {}
  for j = 0, int(n) - 1 do t[j + 1] = f(r, i, j) end
  return t
end

-- A finding's value as C stores it (bool 0/1, choice index, number) in
-- its Lua type.
local function typed_value(f, v)
  if f.type == "bool" then return v ~= 0 end
  if f.type == "choice" then return f.choices[int(v) + 1] end
  return v
end

local function report_table(r, model)
  local rep = {
    schema = "kneepain-report/1",
    engine = { version = M.version },
    model = { id = model.id, version = model.version, sha256 = model.sha256 },
    receipt = C.kp_report_receipt(r),
    disclaimer = C.kp_report_disclaimer(r),
    pain_trend = {
      status = C.kp_report_pain_trend(r),
      advice = C.kp_report_pain_trend_advice(r),
      next_run = C.kp_report_pain_trend_next_run(r),
    },
  }

  local reasons = {}
  for i = 0, int(C.kp_report_reason_count(r)) - 1 do
    reasons[i + 1] = {
      rule = C.kp_report_reason_rule(r, i),
      text = C.kp_report_reason_text(r, i),
      source = C.kp_report_reason_source(r, i),
      findings = strings(C.kp_report_reason_finding_count(r, i),
                         C.kp_report_reason_finding, r, i),
    }
  end
  rep.triage = { level = C.kp_level_id(C.kp_report_level(r)), reasons = reasons }

  local causes = {}
  for i = 0, int(C.kp_report_cause_count(r)) - 1 do
    local evidence = {}
    for j = 0, int(C.kp_report_cause_evidence_count(r, i)) - 1 do
      local finding = C.kp_report_cause_evidence_finding(r, i, j)
      evidence[j + 1] = {
        finding = finding,
        value = typed_value(model:finding(finding),
                            C.kp_report_cause_evidence_value(r, i, j)),
        effect = C.kp_report_cause_evidence_effect(r, i, j),
      }
    end
    causes[i + 1] = {
      id = C.kp_report_cause_id(r, i),
      score = C.kp_report_cause_score(r, i),
      evidence = evidence,
    }
  end
  rep.causes = causes

  local conditions = {}
  for i = 0, int(C.kp_report_condition_count(r)) - 1 do
    conditions[i + 1] = {
      id = C.kp_report_condition_id(r, i),
      probability = C.kp_report_condition_probability(r, i),
      supporting = strings(C.kp_report_condition_supporting_count(r, i),
                           C.kp_report_condition_supporting, r, i),
      conflicting = strings(C.kp_report_condition_conflicting_count(r, i),
                            C.kp_report_condition_conflicting, r, i),
    }
  end
  rep.conditions = conditions

  local plan = {}
  for i = 0, int(C.kp_report_plan_count(r)) - 1 do
    local dose = {}
    for j = 0, int(C.kp_report_plan_dose_count(r, i)) - 1 do
      dose[C.kp_report_plan_dose_key(r, i, j)] = int(C.kp_report_plan_dose_value(r, i, j))
    end
    plan[i + 1] = {
      remedy = C.kp_report_plan_remedy(r, i),
      text = C.kp_report_plan_text(r, i),
      dose = dose,
      because = strings(C.kp_report_plan_because_count(r, i),
                        C.kp_report_plan_because, r, i),
    }
  end
  rep.plan = plan

  local q = C.kp_report_next_question(r)
  if q ~= nil then
    rep.next_question = {
      finding = q,
      text = C.kp_report_next_question_text(r),
      information_gain = C.kp_report_next_question_gain(r),
    }
  end

  local load = {}
  for _, name in ipairs(LOAD_METRICS) do
    local known = metric_known[name]
    local rc, v
    if known == nil then
      known, rc, v = pcall(C.kp_report_load_metric, r, name)
      metric_known[name] = known
    elseif known then
      rc, v = C.kp_report_load_metric(r, name)
    end
    if known and rc == 1 then
      load[name] = COUNT_METRICS[name] and int(v) or v
    end
  end
  local shoes = {}
  for i = 0, int(C.kp_report_shoe_count(r)) - 1 do
    shoes[C.kp_report_shoe_gear(r, i)] = C.kp_report_shoe_km(r, i)
  end
  load.shoe_km = shoes
  rep.training_load = load

  rep.warnings = list(C.kp_report_warning_count(r), function(i)
    return C.kp_report_warning(r, i)
  end)
  return rep
end

---------------------------------------------------------------- sessions

local Session = {}
Session.__index = Session
Session.__name = "kneepain.session"

--- A new, empty session (one runner) on `model` (default model if nil).
function M.session(model)
  if model == nil then model = M.model_default() end
  if getmetatable(model) ~= Model then
    raise(E.EINVAL, "model: expected a kneepain model, got " .. type(model))
  end
  return setmetatable({ _h = C.kp_session_new(model._h), model = model }, Session)
end

function Session:__tostring()
  return ("kneepain.session(%s, %d runs)"):format(self.model.id, self:run_count())
end

--- Answer a finding: a boolean, number or choice ID as the model's type
-- of that finding requires; nil makes it unknown again.
function Session:set(id, value)
  if value == nil then return self:unset(id) end
  local f = self.model:finding(id)
  local h, t, path = self._h, f.type, "evidence." .. id
  if t == "bool" then
    check(path, value, "boolean")
    C.kp_session_set_bool(h, id, value and 1 or 0)
  elseif t == "number" then
    check(path, value, "number")
    C.kp_session_set_number(h, id, value)
  else
    check(path, value, "string")
    C.kp_session_set_choice(h, id, value)
  end
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
  return self
end

local function import_options(opts)
  opts = opts or {}
  check_keys("import options", opts, { format = true, miles = true })
  check("import options.miles", opts.miles, "boolean", true)
  local format = FORMAT[opts.format or "auto"]
  if format == nil then
    raise(E.EINVAL, ("import options.format: unknown format %q (auto, strava, garmin, plain)")
      :format(tostring(opts.format)))
  end
  return format, opts.miles and 1 or 0
end

--- Import a training-log CSV file (Strava, Garmin or plain).  opts:
-- {format = "auto"|"strava"|"garmin"|"plain", miles = boolean}.  All or
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
      check(name, items, "table")
      for i, item in ipairs(items) do add(h, item, ("%s[%d]"):format(name, i)) end
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
function Session:assess()
  return report_table(C.kp_session_assess(self._h), self.model)
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
  return self
end

--- True when `v` is a session object.
function M.is_session(v)
  return getmetatable(v) == Session
end

---------------------------------------------------------------- one call

--- Input table in, report table out (on `model`, default if nil).
function M.assess(input, model)
  return M.session(model):apply(input):assess()
end

--- JSON input text in, JSON report text out (no Lua tables involved).
function M.assess_json(json, model, pretty)
  check("json", json, "string")
  model = model or M.model_default()
  return C.kp_assess_json(model._h, json, pretty and 1 or 0)
end

return M
