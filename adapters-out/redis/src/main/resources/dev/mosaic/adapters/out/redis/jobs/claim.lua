-- ARGV: prefix, queue, max, visibility ms, claimant, keep dead. Returns the claimed jobs as
-- {fields..., '\30errors', error...} lists, each with its token in the 'token' field.
local queue, max, vis, claimant, keep = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local now = now_ms()
-- Claims that expired: the worker died or stalled. The lost attempt counts.
local expired = redis.call('zrangebyscore', qkey(queue, 'active'), '-inf', num(now), 'LIMIT', 0, 100)
for _, id in ipairs(expired) do
  redis.call('zrem', qkey(queue, 'active'), id)
  local attempt = tonumber(redis.call('hget', jkey(id), 'attempt') or '0')
  add_error(id, attempt, now, 'the worker stopped answering: its claim expired (visibility timeout)', '')
  redis.call('hdel', jkey(id), 'token')
  if attempt >= tonumber(redis.call('hget', jkey(id), 'max') or '1') then
    finish(queue, id, 'dead', now, keep)
  else
    make_waiting(queue, id, now)
  end
end
local due = redis.call('zrangebyscore', qkey(queue, 'delayed'), '-inf', num(now), 'LIMIT', 0, 1000)
for _, id in ipairs(due) do
  redis.call('zrem', qkey(queue, 'delayed'), id)
  make_waiting(queue, id, now)
end
if redis.call('exists', qkey(queue, 'paused')) == 1 then return {} end
local claimed = {}
local popped = redis.call('zpopmin', qkey(queue, 'waiting'), max)
for i = 1, #popped, 2 do
  local id = popped[i]
  local job = jkey(id)
  local attempt = redis.call('hincrby', job, 'attempt', 1)
  redis.call('hset', job, 'state', 'active', 'token', claimant .. ':' .. attempt, 'started', num(now))
  redis.call('zadd', qkey(queue, 'active'), num(now + vis), id)
  claimed[#claimed + 1] = redis.call('hgetall', job)
end
return claimed
