-- ARGV: prefix, schedule, tick ms, then as enqueue from queue on. The tick check and the enqueue are
-- one step: of many instances firing one tick, exactly one enqueues, and an older tick never fires
-- after a newer one.
local k = P .. ':schedule:' .. ARGV[2]
local last = tonumber(redis.call('get', k) or '-1')
if last >= tonumber(ARGV[3]) then return false end
redis.call('set', k, ARGV[3])
local payload = {}
for i = 12, #ARGV do payload[#payload + 1] = ARGV[i] end
return enqueue(ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11], payload)
