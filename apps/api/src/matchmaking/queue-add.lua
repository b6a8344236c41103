-- Opens a ticket for a player (replacing a stale open one), unless a match for the player is being created.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash
-- ARGV[1] player  ARGV[2] rating  ARGV[3] joined-at (epoch ms)
-- Returns {1, position by join time (1-based), open tickets} or {0, opponent of the claim in progress}.
local current = redis.call('HGET', KEYS[3], ARGV[1])
if current then
  local claim, opponent = string.match(current, '^[^|]*|[^|]*|([^|]*)|(.*)$')
  if claim ~= '' then return {0, opponent} end
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '||')
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return {1, redis.call('ZRANK', KEYS[2], ARGV[1]) + 1, redis.call('ZCARD', KEYS[2])}
