-- Counts one registration attempt of a client address in a fixed window that starts at its first attempt.
-- KEYS[1] auth:registrations:{address}
-- ARGV[1] limit; ARGV[2] window (seconds)
-- Returns {allowed 0|1, seconds left in the window}
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local allowed = 0
if count < tonumber(ARGV[1]) then
  redis.call('INCR', KEYS[1])
  allowed = 1
end
local ttl = redis.call('TTL', KEYS[1])
if ttl < 0 then
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return {allowed, ttl}
