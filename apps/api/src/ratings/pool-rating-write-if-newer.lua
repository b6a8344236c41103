-- Writes players' pool ratings into their Redis mirror unless the mirror already holds a newer one: refreshes that
-- finish out of order, or a miss-fill that read MongoDB before a result committed, never leave older numbers behind.
-- KEYS[1] player:{id}:pool_ratings
-- ARGV[1] '1' when the list is the player's complete set of pools (a fill), else '0'  ARGV[2] TTL seconds
-- ARGV[3..] triples: pool, version (season * 1e7 + games played), JSON of the stored rating
for i = 3, #ARGV, 3 do
  local current = redis.call('HGET', KEYS[1], 'v:' .. ARGV[i])
  if not current or tonumber(current) < tonumber(ARGV[i + 1]) then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 2], 'v:' .. ARGV[i], ARGV[i + 1])
  end
end
if ARGV[1] == '1' then redis.call('HSET', KEYS[1], '*', '1') end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 1
