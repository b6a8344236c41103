-- Reserves one login attempt on a failure counter unless the counter has reached the limit.
-- A reservation turns into a counted failure unless the caller releases it (success or an internal error), so
-- concurrent guesses can never exceed the limit, even across replicas.
-- KEYS[1] auth:login_failures:<user|client>:{id}
-- ARGV[1] limit; ARGV[2] window (seconds, counted from the first failure)
-- Returns {allowed 0|1, count, seconds left in the window}
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if count < tonumber(ARGV[1]) then
  count = redis.call('INCR', KEYS[1])
  allowed = 1
end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {allowed, count, ttl}
