-- Reads the top of a leaderboard with each member's name entry in one call.
-- KEYS[1] scores zset  KEYS[2] names hash  ARGV[1] how many
-- Returns triples: player, score, name entry (false when missing).
local flat = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
if #flat == 0 then return {} end
local ids = {}
for i = 1, #flat, 2 do ids[#ids + 1] = flat[i] end
local names = redis.call('HMGET', KEYS[2], unpack(ids))
local out = {}
for i = 1, #ids do
  out[#out + 1] = ids[i]; out[#out + 1] = flat[i * 2]; out[#out + 1] = names[i]
end
return out
