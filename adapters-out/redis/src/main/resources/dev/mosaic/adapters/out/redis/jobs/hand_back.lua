-- ARGV: prefix, id, token. The attempt did not run to an end, so it does not count.
local id = ARGV[2]
if not holds(id, ARGV[3]) then return 0 end
local queue = redis.call('hget', jkey(id), 'queue')
redis.call('zrem', qkey(queue, 'active'), id)
redis.call('hdel', jkey(id), 'token')
redis.call('hincrby', jkey(id), 'attempt', -1)
make_waiting(queue, id, now_ms())
return 1
