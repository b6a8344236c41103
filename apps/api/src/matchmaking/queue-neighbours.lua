-- Reads the open tickets nearest a rating: up to ARGV[5] at or below it and up to ARGV[5] above it, within [lo, hi].
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash
-- ARGV[1] player to leave out  ARGV[2] rating  ARGV[3] lo  ARGV[4] hi  ARGV[5] per side  ARGV[6] '1': with window bonus
-- Returns triples: player, rating, joined-at (with ARGV[6], quadruples ending in the window bonus, '' for none).
local k = tonumber(ARGV[5])
local below = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], ARGV[3], 'WITHSCORES', 'LIMIT', 0, k + 1)
local above = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], ARGV[4], 'WITHSCORES', 'LIMIT', 0, k)
local out = {}
local withWindows = ARGV[6] == '1'
local function add(list, max)
  local taken = 0
  for i = 1, #list, 2 do
    if list[i] ~= ARGV[1] and taken < max then
      out[#out + 1] = list[i]; out[#out + 1] = list[i + 1]; out[#out + 1] = redis.call('ZSCORE', KEYS[2], list[i]) or '0'
      if withWindows then
        local value = redis.call('HGET', KEYS[3], list[i])
        out[#out + 1] = value and string.match(value, '^[^|]*|[^|]*|[^|]*|[^|]*|(%d+)') or ''
      end
      taken = taken + 1
    end
  end
end
add(below, k)
add(above, k)
return out
