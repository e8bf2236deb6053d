-- wrk script for the realistic mix of `manage.py bench_run`: each request is a line drawn at
-- random from the file named after `--` (a session cookie, a tab, a path), so every request is
-- some person's own page, in no fixed order. Counting and the WRK_JSON report come from
-- wrk_report.lua, loaded from this script's folder.
-- Usage: wrk -s wrk_mix.lua http://127.0.0.1:8000/ -- lines.txt

local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local report_setup, report_init = setup, init
local lines = {}
local count = 0

function setup(thread)
   count = count + 1
   thread:set("thread_number", count)
   report_setup(thread)
end

function init(args)
   report_init(args)
   for line in io.lines(args[1]) do
      local cookie, path = line:match("^([^\t]+)\t(%S+)$")
      if cookie then
         lines[#lines + 1] = { cookie, path }
      end
   end
   assert(#lines > 0, "no (cookie, path) line in " .. args[1])
   -- Each thread draws its own sequence.
   math.randomseed(os.time() * 100 + (thread_number or 0))
end

function request()
   local line = lines[math.random(#lines)]
   wrk.headers["Cookie"] = line[1]
   return wrk.format("GET", line[2])
end
