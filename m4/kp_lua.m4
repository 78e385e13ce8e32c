dnl Lua binding detection (owned by bindings/lua).  Defines WITH_LUA.
AM_CONDITIONAL([WITH_LUA], [false])
