-- ARGV: prefix, id. An admin's retry: failed and dead jobs only, with fresh attempts.
local id = ARGV[2]
local state = redis.call('hget', jkey(id), 'state')
if not state then return 'not_found' end
if state ~= 'failed' and state ~= 'dead' then return 'not_allowed' end
local queue = redis.call('hget', jkey(id), 'queue')
redis.call('zrem', qkey(queue, state), id)
redis.call('hset', jkey(id), 'attempt', 0)
redis.call('hdel', jkey(id), 'finished')
make_waiting(queue, id, now_ms())
return 'done'
