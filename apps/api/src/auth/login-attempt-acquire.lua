-- Reserves a slot for one login attempt on a counter, unless the counter is at its failure limit.
-- A counter is one hash: `failures` (counted in a fixed window from the first failure) and one `r:<token>` field per
-- attempt in flight, holding its deadline (ms), so a reservation left by a crashed replica lapses on its own.
-- Failures plus reservations never exceed the limit, so concurrent guesses cannot either, even across replicas;
-- an attempt that finds the slots taken by attempts in flight is told to wait ("busy"), never refused for them.
-- KEYS[1] auth:login_attempts:<user|client>:{id}
-- ARGV[1] limit; ARGV[2] window (s); ARGV[3] token; ARGV[4] now (ms); ARGV[5] reservation lifetime (ms)
-- Returns {verdict 1 reserved | 0 blocked | 2 busy, failures, seconds left in the window}
local limit = tonumber(ARGV[1])
local now = tonumber(ARGV[4])
local failures, inflight = 0, 0
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field = fields[i]
  if field == 'failures' then
    failures = tonumber(fields[i + 1])
  elseif tonumber(fields[i + 1]) < now then
    redis.call('HDEL', KEYS[1], field)
  else
    inflight = inflight + 1
  end
end
local ttl = redis.call('TTL', KEYS[1])
if failures >= limit then return {0, failures, ttl} end
if failures + inflight >= limit then return {2, failures, ttl} end
redis.call('HSET', KEYS[1], 'r:' .. ARGV[3], now + tonumber(ARGV[5]))
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {1, failures, ttl}
