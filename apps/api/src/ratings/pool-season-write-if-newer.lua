-- Records a pool's current season unless a later one is recorded already (seasons only move forward).
-- KEYS[1] ratings:season:{pool}  ARGV[1] season number  ARGV[2] TTL seconds
local current = redis.call('GET', KEYS[1])
if current and tonumber(current) >= tonumber(ARGV[1]) then return tonumber(current) end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return tonumber(ARGV[1])
