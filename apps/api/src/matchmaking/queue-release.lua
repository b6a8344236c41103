-- Ends claims once their match is settled (session created, or the ticket dropped), if the claim is still this one,
-- and records measured waits for wait estimates.
-- KEYS[1] tickets hash  KEYS[2] claims zset  KEYS[3] recent waits list  KEYS[4] party members hash
-- ARGV[1] claim id  ARGV[2] waits list cap  ARGV[3] number of players n  ARGV[4..3+n] players  ARGV[4+n..] wait entries
-- Returns the number of claims released.
local n = tonumber(ARGV[3])
local released = 0
for i = 4, 3 + n do
  local current = redis.call('HGET', KEYS[1], ARGV[i])
  if current then
    local claim = string.match(current, '^[^|]*|[^|]*|([^|]*)|')
    if claim == ARGV[1] then
      redis.call('HDEL', KEYS[1], ARGV[i])
      redis.call('ZREM', KEYS[2], ARGV[i])
      redis.call('HDEL', KEYS[4], ARGV[i])
      released = released + 1
    end
  end
end
if released > 0 and #ARGV > 3 + n then
  for i = 4 + n, #ARGV do redis.call('LPUSH', KEYS[3], ARGV[i]) end
  redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[2]) - 1)
end
return released
