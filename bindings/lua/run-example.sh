#!/bin/sh
# Run examples/lua/fitness_app.lua against the binding just built
# (LUA, LUA_PATH, LUA_CPATH and KP_TOP_SRCDIR come from Makefile.am).
set -e
exec "${LUA:-lua5.4}" "${KP_TOP_SRCDIR:-../..}/examples/lua/fitness_app.lua"
