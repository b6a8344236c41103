-- Removes a player's open ticket. A claimed ticket (its match is being created) is left alone.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] party members hash
-- ARGV[1] player
-- Returns {1, joined-at} when removed, {2} when claimed, {0} when there is no ticket.
local current = redis.call('HGET', KEYS[3], ARGV[1])
if not current then return {0} end
local joined, claim = string.match(current, '^[^|]*|([^|]*)|([^|]*)|')
if claim ~= '' then return {2} end
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
return {1, joined}
