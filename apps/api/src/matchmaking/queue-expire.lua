-- Removes open tickets that joined at or before a cutoff (oldest first, bounded per call).
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash
-- ARGV[1] cutoff (epoch ms)  ARGV[2] limit
-- Returns triples: player, rating, joined-at.
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local current = redis.call('HGET', KEYS[3], id) or ''
  local rating, joined = string.match(current, '^([^|]*)|([^|]*)|')
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  out[#out + 1] = id; out[#out + 1] = rating or ''; out[#out + 1] = joined or ''
end
return out
