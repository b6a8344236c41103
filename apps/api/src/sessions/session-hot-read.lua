-- Reads the hot copy of one session and how many writes are in flight (or were interrupted) for it.
-- KEYS[1] sessions:{id}        hot copy (hash)
-- KEYS[2] sessions:{id}:sync   see session-hot-apply.lua
-- Returns { hot copy field/value list, number of write intents }.
local intents = 0
for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
  if string.sub(field, 1, 2) == 'w:' then intents = intents + 1 end
end
return { redis.call('HGETALL', KEYS[1]), intents }
