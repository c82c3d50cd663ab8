-- ARGV: prefix, id, token, keep completed
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local queue = redis.call('hget', jkey(id), 'queue')
local now = now_ms()
redis.call('zrem', qkey(queue, 'active'), id)
finish(queue, id, 'completed', now, tonumber(ARGV[4]))
-- Completions per minute, for the throughput the admin API shows.
local minute = qkey(queue, 'done:' .. math.floor(now / 60000))
redis.call('incr', minute)
redis.call('pexpire', minute, 180000)
return 1
