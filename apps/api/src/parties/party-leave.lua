-- Removes a member from a party. The leader leaving hands leadership to the longest-standing member (lowest join
-- time); the last member leaving disbands the party (both keys deleted).
-- KEYS[1] party hash  KEYS[2] party members zset
-- ARGV[1] player  ARGV[2] idle TTL (s)
-- Returns {'absent'}, {'disbanded'} or {'left', leader id}.
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'absent'} end
redis.call('ZREM', KEYS[2], ARGV[1])
local next = redis.call('ZRANGE', KEYS[2], 0, 0)
if #next == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {'disbanded'}
end
local leader = redis.call('HGET', KEYS[1], 'leader_id')
if leader == ARGV[1] then
  leader = next[1]
  redis.call('HSET', KEYS[1], 'leader_id', leader)
end
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('EXPIRE', KEYS[2], ARGV[2])
return {'left', leader}
