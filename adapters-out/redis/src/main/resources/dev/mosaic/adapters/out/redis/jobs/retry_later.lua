-- ARGV: prefix, id, token, delay ms, attempt, message, stack
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local queue = redis.call('hget', jkey(id), 'queue')
local now = now_ms()
add_error(id, ARGV[5], now, ARGV[6], ARGV[7])
redis.call('zrem', qkey(queue, 'active'), id)
redis.call('hdel', jkey(id), 'token')
redis.call('hset', jkey(id), 'state', 'delayed', 'run_at', num(now + tonumber(ARGV[4])))
redis.call('zadd', qkey(queue, 'delayed'), num(now + tonumber(ARGV[4])), id)
return 1
