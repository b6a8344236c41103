-- Writes a player's stats mirror only if it is missing, so a refill from an older MongoDB read can never overwrite
-- stats that another writer has just put there.
-- KEYS[1] player:{id}:stats; ARGV field/value pairs
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
