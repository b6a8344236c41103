-- Removes open tickets that joined at or before a cutoff (oldest first, bounded per call).
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] party members hash
-- ARGV[1] cutoff (epoch ms)  ARGV[2] limit
-- Returns quadruples: ticket, rating, joined-at, party members (csv, '' for a solo player).
local ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for _, id in ipairs(ids) do
  local current = redis.call('HGET', KEYS[3], id) or ''
  local rating, joined = string.match(current, '^([^|]*)|([^|]*)|')
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
  local members = redis.call('HGET', KEYS[4], id) or ''
  if members ~= '' then redis.call('HDEL', KEYS[4], id) end
  out[#out + 1] = id; out[#out + 1] = rating or ''; out[#out + 1] = joined or ''; out[#out + 1] = members
end
return out
