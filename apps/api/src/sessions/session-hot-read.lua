-- Reads the hot copy of one session and how many writes are in flight (or were interrupted) for it.
-- KEYS[1] sessions:{id}        hot copy (hash)
-- KEYS[2] sessions:{id}:sync   see session-hot-apply.lua
-- ARGV[1] 'answer' for only the fields the state route answers with (its JSON answer and the player ids), else the
--         whole hot copy
-- Returns { hot copy field/value list (or the two answer fields), number of write intents }.
local intents = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
  if string.sub(field, 1, 2) == 'w:' then intents = intents + 1 end
end
if ARGV[1] == 'answer' then
  return { redis.call('HMGET', KEYS[1], 'answer', 'player_ids'), intents }
end
return { redis.call('HGETALL', KEYS[1]), intents }
