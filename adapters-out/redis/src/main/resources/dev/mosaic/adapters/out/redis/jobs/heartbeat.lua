-- ARGV: prefix, id, token, visibility ms
if not holds(ARGV[2], ARGV[3]) then return 0 end
local queue = redis.call('hget', jkey(ARGV[2]), 'queue')
redis.call('zadd', qkey(queue, 'active'), 'XX', num(now_ms() + tonumber(ARGV[4])), ARGV[2])
return 1
