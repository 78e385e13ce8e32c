-- Run busted spec files under this interpreter with TAP output, so that
-- automake's tap-driver counts every `it` (Debian's /usr/bin/busted picks
-- whatever `lua` is on PATH; this runner pins the one configure found).
--   lua5.4 spec/run_busted.lua spec/api_spec.lua
table.insert(arg, 1, "TAP")
table.insert(arg, 1, "--output")
require("busted.runner")({ standalone = false })
