-- Registers an open stream of a player and evicts the oldest beyond the limit.
-- KEYS[1] the player's open-stream set; ARGV: connection id, opened-at ms, max streams, ttl seconds.
-- Returns the evicted connection ids (the caller tells their replicas to close them).
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
local extra = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[3])
local evicted = {}
if extra > 0 then
  local popped = redis.call('ZPOPMIN', KEYS[1], extra)
  for i = 1, #popped, 2 do evicted[#evicted + 1] = popped[i] end
end
return evicted
