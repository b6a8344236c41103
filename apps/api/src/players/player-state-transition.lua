-- Moves one player's real-time state if it is currently one of the allowed states.
-- KEYS[1] player:{id}:state
-- KEYS[2] (optional) a key in the same player's slot that must not exist: if it does, nothing moves and the answer is
--         {2, "", "", ""} (queue join: the player's party pointer, checked and moved in one step)
-- ARGV[1] allowed current states, comma-separated (a missing key is "idle")
-- ARGV[2] required current session_id, or "" for any
-- ARGV[3] next state; ARGV[4..] field/value pairs of the next state (ignored for "idle", which deletes the key)
if KEYS[2] and redis.call('EXISTS', KEYS[2]) == 1 then
  return {2, '', '', ''}
end
local current = redis.call('HGET', KEYS[1], 'state') or 'idle'
local session = redis.call('HGET', KEYS[1], 'session_id') or ''
local mode = redis.call('HGET', KEYS[1], 'mode') or ''
local allowed = false
for state in string.gmatch(ARGV[1], '[^,]+') do
  if state == current then allowed = true end
end
if allowed and ARGV[2] ~= '' and ARGV[2] ~= session then allowed = false end
if not allowed then
  return {0, current, session, mode}
end
redis.call('DEL', KEYS[1])
if ARGV[3] ~= 'idle' then
  local fields = {'state', ARGV[3]}
  for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
  redis.call('HSET', KEYS[1], unpack(fields))
end
return {1, current, session, mode}
