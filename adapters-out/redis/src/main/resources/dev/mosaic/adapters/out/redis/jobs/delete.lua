-- ARGV: prefix, id. A running job is not deleted: its worker would only write it back.
local id = ARGV[2]
local state = redis.call('hget', jkey(id), 'state')
if not state then return 'not_found' end
if state == 'active' then return 'not_allowed' end
redis.call('zrem', qkey(redis.call('hget', jkey(id), 'queue'), state), id)
remove(id)
return 'done'
