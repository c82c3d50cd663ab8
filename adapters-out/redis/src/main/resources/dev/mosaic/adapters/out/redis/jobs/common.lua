-- Shared by every job script. ARGV[1] is the key prefix of the jobs; each script's own arguments follow.
-- Keys are built here from the prefix, so the scripts suit a single Redis server, not a cluster.
local P = ARGV[1]
local function num(x) return string.format('%.0f', x) end
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function qkey(queue, set) return P .. ':q:' .. queue .. ':' .. set end
local function jkey(id) return P .. ':job:' .. id end
-- Higher priority first, then first come first served: the sequence keeps ties in order.
local function wait_score(priority)
  return num((9 - tonumber(priority)) * 1e12 + redis.call('incr', P .. ':seq'))
end
local function make_waiting(queue, id, now)
  local job = jkey(id)
  redis.call('hset', job, 'state', 'waiting', 'run_at', num(now))
  redis.call('zadd', qkey(queue, 'waiting'), wait_score(redis.call('hget', job, 'priority')), id)
end
-- Removes a job and its idempotency key (if the key still names it).
local function remove(id)
  local job = jkey(id)
  local queue = redis.call('hget', job, 'queue')
  local idem = redis.call('hget', job, 'idem')
  if queue and idem and idem ~= '' then
    local k = P .. ':idem:' .. queue .. ':' .. idem
    if redis.call('get', k) == id then redis.call('del', k) end
  end
  redis.call('del', job, job .. ':errors')
end
-- Keeps the newest `keep` jobs of a finished set.
local function trim(queue, set, keep)
  local extra = redis.call('zcard', qkey(queue, set)) - keep
  if extra > 0 then
    local old = redis.call('zpopmin', qkey(queue, set), extra)
    for i = 1, #old, 2 do remove(old[i]) end
  end
end
local function add_error(id, attempt, at, message, stack)
  redis.call('rpush', jkey(id) .. ':errors', attempt .. '\31' .. num(at) .. '\31' .. message .. '\31' .. stack)
end
local function finish(queue, id, state, now, keep)
  redis.call('hset', jkey(id), 'state', state, 'finished', num(now))
  redis.call('hdel', jkey(id), 'token')
  redis.call('zadd', qkey(queue, state), num(now), id)
  trim(queue, state, keep)
end
-- enqueue(queue, id, type, priority, delay ms, max attempts, idempotency key, user, payload as name, value, ...)
local function enqueue(queue, id, jtype, priority, delay, max, idem, user, payload)
  if idem ~= '' then
    local k = P .. ':idem:' .. queue .. ':' .. idem
    local existing = redis.call('get', k)
    if existing then return {existing, 0} end
    redis.call('set', k, id)
  end
  local now = now_ms()
  local job = jkey(id)
  redis.call('hset', job, 'id', id, 'type', jtype, 'queue', queue, 'priority', priority, 'attempt', 0, 'max', max,
    'created', num(now), 'idem', idem, 'user', user)
  for i = 1, #payload, 2 do redis.call('hset', job, 'p.' .. payload[i], payload[i + 1]) end
  redis.call('sadd', P .. ':queues', queue)
  if tonumber(delay) > 0 then
    redis.call('hset', job, 'state', 'delayed', 'run_at', num(now + delay))
    redis.call('zadd', qkey(queue, 'delayed'), num(now + delay), id)
  else
    make_waiting(queue, id, now)
  end
  return {id, 1}
end
-- The claim's token still holds: the attempt it names was not taken back or finished meanwhile.
local function holds(id, token)
  return redis.call('hget', jkey(id), 'token') == token
end
