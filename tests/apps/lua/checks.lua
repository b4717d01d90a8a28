-- Lua 5.4 as a UKL application (tests/20-lua.t): the interpreter, built by
-- Lua's own Makefile with CC=ukl-cc, runs this script from the initramfs
-- (FILES=) and prints TAP.

local n, failed = 0, 0
local function ok(cond, what)
  n = n + 1
  if not cond then failed = failed + 1 end
  print(string.format("%sok %d - %s", cond and "" or "not ", n, what))
end

-- closures: each counter keeps its own upvalue
local function counter()
  local c = 0
  return function() c = c + 1; return c end
end
local a, b = counter(), counter()
a(); a()
ok(a() == 3 and b() == 1, "closures keep their own upvalues")

-- coroutines: a generator, and values passed both ways
local gen = coroutine.wrap(function()
  for i = 1, 3 do coroutine.yield(i * i) end
  return "done"
end)
ok(gen() == 1 and gen() == 4 and gen() == 9 and gen() == "done", "a coroutine yields 1, 4, 9 and returns")
local co = coroutine.create(function(x) local y = coroutine.yield(x + 1); return y * 2 end)
local _, first = coroutine.resume(co, 10)
local _, second = coroutine.resume(co, 21)
ok(first == 11 and second == 42 and coroutine.status(co) == "dead", "values pass into and out of a coroutine")

-- string patterns
local date = "released 2022-01-26 as 5.4.4"
local y, m, d = date:match("(%d+)-(%d+)-(%d+)")
ok(y == "2022" and m == "01" and d == "26", "string.match with captures")
ok(("hello world from lua"):gsub("(%w+)", "<%1>") == "<hello> <world> <from> <lua>", "string.gsub with a capture in the replacement")
local words = {}
for w in ("a,bb,,ccc"):gmatch("([^,]*)") do words[#words + 1] = w end
ok(#words >= 4 and words[1] == "a" and words[2] == "bb" and words[4] == "ccc", "string.gmatch over fields")

-- pcall and error, with tables as error values
local okay, err = pcall(function() error({ code = 42 }) end)
ok(not okay and type(err) == "table" and err.code == 42, "pcall catches an error object")
local okay2, msg = pcall(function() local t = nil; return t.x end)
ok(not okay2 and msg:find("attempt to index a nil value", 1, true) ~= nil, "pcall catches a runtime error with its message")
ok(select(2, xpcall(function() error("deep") end, function(m) return "handled: " .. m end)):find("handled: .*deep") ~= nil,
   "xpcall runs the message handler")

-- os.time and os.date
local t = os.time({ year = 2000, month = 1, day = 1, hour = 12 })
ok(os.date("!%Y-%m-%d", t) == "2000-01-01", "os.time and os.date round-trip a date")
local now = os.time()
ok(now > 1600000000, "os.time() is a plausible current time (" .. now .. ")")
ok(os.clock() >= 0, "os.clock works")

-- io on /tmp
local path = "/tmp/lua-io-test.txt"
local f = assert(io.open(path, "w"))
f:write("line one\n", 12345, "\n", string.rep("x", 10000), "\n")
f:close()
local r = assert(io.open(path, "r"))
local l1, num, big = r:read("l", "n", "l")
big = r:read("l")
r:close()
ok(l1 == "line one" and num == 12345 and big and #big == 10000, "io.open writes and reads back a file in /tmp")
ok(os.remove(path) and io.open(path, "r") == nil, "os.remove deletes it")

-- string.format of floats, and integer/float arithmetic
ok(string.format("%.3f", math.pi) == "3.142", "string.format %.3f of pi")
ok(string.format("%g %g %g", 1e20, 0.1, -2.5e-7) == "1e+20 0.1 -2.5e-07", "string.format %g")
ok(string.format("%5.1f|%-8.2e|", 2.25, 12345.678) == "  2.2|1.23e+04|", "string.format widths and %e")
ok(tostring(7 // 2) == "3" and tostring(7 / 2) == "3.5" and math.type(2^53) == "float", "integer and float division")
ok(math.tointeger(3.0) == 3 and 0x7fffffffffffffff + 1 == math.mininteger, "64-bit integers wrap")

-- the garbage collector under some allocation
local tbl = {}
for i = 1, 100000 do tbl[i] = { i } end
tbl = nil
collectgarbage()
ok(collectgarbage("count") < 4096, "garbage is collected (" .. math.floor(collectgarbage("count")) .. " KiB in use)")

-- require of a C module cannot load code in a UKL application
local okreq, reqerr = pcall(require, "no_such_c_module")
ok(not okreq and reqerr:find("no_such_c_module", 1, true), "require of a missing module fails cleanly")

print("1.." .. n)
os.exit(failed == 0 and 0 or 1)
