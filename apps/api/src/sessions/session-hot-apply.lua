-- Makes the hot copy of one session agree with a durable snapshot, unless Redis already holds something newer.
-- KEYS[1] sessions:{id}        hot copy (hash)
-- KEYS[2] sessions:{id}:sync   newest applied version, whether it was finished, in-flight write intents (w:<token>)
--                              and version claims (c:<version>, see session-write-intent.lua)
-- ARGV[1] snapshot version
-- ARGV[2] '1' when the session is finished or closed: the hot copy must not exist
-- ARGV[3] token of the writer's own intent to drop, or ''
-- ARGV[4] drop other intents whose deadline (ms) is before this, or 0
-- ARGV[5] TTL (s) of the sync key
-- ARGV[6..] hot copy field/value pairs (unfinished snapshots only)
-- Returns 1 when applied, 0 when the snapshot was older than what Redis holds.
local version = tonumber(ARGV[1])
local finished = ARGV[2]
if ARGV[3] ~= '' then redis.call('HDEL', KEYS[2], 'w:' .. ARGV[3]) end

local forgetBefore = tonumber(ARGV[4])
local floor, floorFinished = 0, '0'
local sync = redis.call('HGETALL', KEYS[2])
for i = 1, #sync, 2 do
  local field, value = sync[i], sync[i + 1]
  if field == 'version' then
    floor = tonumber(value)
  elseif field == 'finished' then
    floorFinished = value
  elseif string.sub(field, 1, 2) == 'w:' and tonumber(value) < forgetBefore then
    redis.call('HDEL', KEYS[2], field)
  elseif string.sub(field, 1, 2) == 'c:' then
    -- A version claim (session-write-intent.lua) ends with its writer's apply, once its version is passed, or with
    -- its writer presumed dead.
    local sep = string.find(value, '|', 1, true)
    local holder, deadline = string.sub(value, 1, sep - 1), tonumber(string.sub(value, sep + 1))
    if holder == ARGV[3] or tonumber(string.sub(field, 3)) < version or deadline < forgetBefore then
      redis.call('HDEL', KEYS[2], field)
    end
  end
end

-- Never go back in versions, and never resurrect a session that was finished at this very version.
if version < floor or (version == floor and floorFinished == '1' and finished ~= '1') then
  return 0
end

redis.call('HSET', KEYS[2], 'version', ARGV[1], 'finished', finished)
redis.call('EXPIRE', KEYS[2], ARGV[5])
redis.call('DEL', KEYS[1])
if finished ~= '1' and #ARGV > 5 then
  redis.call('HSET', KEYS[1], unpack(ARGV, 6))
end
return 1
