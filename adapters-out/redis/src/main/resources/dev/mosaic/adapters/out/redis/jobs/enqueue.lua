-- ARGV: prefix, queue, id, type, priority, delay ms, max attempts, idempotency key, user, payload...
local payload = {}
for i = 10, #ARGV do payload[#payload + 1] = ARGV[i] end
return enqueue(ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7], ARGV[8], ARGV[9], payload)
