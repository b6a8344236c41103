-- Opens a ticket for a player (replacing a stale open one), unless a match for the player is being created.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] party members hash
-- ARGV[1] ticket (player, or party id)  ARGV[2] rating  ARGV[3] joined-at (epoch ms)  ARGV[4] party members (csv, '' solo)
-- Returns {1, position by join time (1-based), open tickets} or {0, opponent of the claim in progress}.
local current = redis.call('HGET', KEYS[3], ARGV[1])
if current then
  local claim, opponent = string.match(current, '^[^|]*|[^|]*|([^|]*)|(.*)$')
  if claim ~= '' then return {0, opponent} end
end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '||')
if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[4]) else redis.call('HDEL', KEYS[4], ARGV[1]) end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
return {1, redis.call('ZRANK', KEYS[2], ARGV[1]) + 1, redis.call('ZCARD', KEYS[2])}
