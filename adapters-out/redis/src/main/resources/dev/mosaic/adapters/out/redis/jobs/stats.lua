-- ARGV: prefix, queue. Returns paused, the count per state, completions this minute and the last,
-- and when the longest-waiting job became ready ('' when none waits).
local queue = ARGV[2]
local now = now_ms()
local minute = math.floor(now / 60000)
local result = {redis.call('exists', qkey(queue, 'paused'))}
for _, set in ipairs({'waiting', 'delayed', 'active', 'completed', 'failed', 'dead'}) do
  result[#result + 1] = redis.call('zcard', qkey(queue, set))
end
result[#result + 1] = tonumber(redis.call('get', qkey(queue, 'done:' .. minute)) or '0')
  + tonumber(redis.call('get', qkey(queue, 'done:' .. (minute - 1))) or '0')
-- Each priority's band is first come first served, so the oldest is the first of some band.
local oldest = nil
for p = 0, 9 do
  local first = redis.call('zrangebyscore', qkey(queue, 'waiting'), num(p * 1e12), '(' .. num((p + 1) * 1e12), 'LIMIT', 0, 1)
  if #first > 0 then
    local at = tonumber(redis.call('hget', jkey(first[1]), 'run_at'))
    if at and (oldest == nil or at < oldest) then oldest = at end
  end
end
result[#result + 1] = oldest and num(oldest) or ''
return result
