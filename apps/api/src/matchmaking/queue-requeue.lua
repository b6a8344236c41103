-- Puts a claimed ticket back in the queue with its original rating and join time, if the claim is still this one.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] claims zset
-- ARGV[1] player  ARGV[2] claim id
-- Returns 1 when re-opened, 0 when the ticket is gone or held by another claim. The window bonus (5th field) stays.
local current = redis.call('HGET', KEYS[3], ARGV[1])
if not current then return 0 end
local rating, joined, claim, rest = string.match(current, '^([^|]*)|([^|]*)|([^|]*)|[^|]*(.*)$')
if claim ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], rating .. '|' .. joined .. '||' .. rest)
redis.call('ZADD', KEYS[1], rating, ARGV[1])
redis.call('ZADD', KEYS[2], joined, ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
return 1
