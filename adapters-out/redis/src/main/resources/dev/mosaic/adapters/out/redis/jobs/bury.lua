-- ARGV: prefix, id, token, state (failed or dead), attempt, message, stack, keep
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local queue = redis.call('hget', jkey(id), 'queue')
local now = now_ms()
add_error(id, ARGV[5], now, ARGV[6], ARGV[7])
redis.call('zrem', qkey(queue, 'active'), id)
finish(queue, id, ARGV[4], now, tonumber(ARGV[8]))
return 1
