-- Reads the open tickets nearest a rating: up to ARGV[5] at or below it and up to ARGV[5] above it, within [lo, hi].
-- KEYS[1] ratings zset  KEYS[2] joined zset
-- ARGV[1] player to leave out  ARGV[2] rating  ARGV[3] lo  ARGV[4] hi  ARGV[5] per side
-- Returns triples: player, rating, joined-at.
local k = tonumber(ARGV[5])
local below = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], ARGV[3], 'WITHSCORES', 'LIMIT', 0, k + 1)
local above = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], ARGV[4], 'WITHSCORES', 'LIMIT', 0, k)
local out = {}
local function add(list, max)
  local taken = 0
  for i = 1, #list, 2 do
    if list[i] ~= ARGV[1] and taken < max then
      out[#out + 1] = list[i]; out[#out + 1] = list[i + 1]; out[#out + 1] = redis.call('ZSCORE', KEYS[2], list[i]) or '0'
      taken = taken + 1
    end
  end
end
add(below, k)
add(above, k)
return out
