-- Records a player's answer to a ready-check, or its timeout, and decides the match once, across replicas.
-- KEYS[1] the match hash (status, deadline, players "a,b,..." — every member of every ticket, answer:<player>)
-- ARGV[1] accept | decline | timeout | withdraw  ARGV[2] player (empty for timeout)  ARGV[3] now (epoch ms)
-- withdraw: the player's party changed, so their ticket cannot play this match; it cancels like a decline, whatever
-- the player answered before and even past the deadline (a match still pending was not decided yet).
-- Returns { outcome, detail }: outcome is missing | not_in_match | answered | closed | pending | confirmed | cancelled;
-- for cancelled, detail is the comma list of players who leave the queue with their tickets: the decliner, or at the
-- deadline everyone who had not accepted. Every other ticket goes back to the queue.
if redis.call('EXISTS', KEYS[1]) == 0 then return { 'missing', '' } end
local status = redis.call('HGET', KEYS[1], 'status')
local players = redis.call('HGET', KEYS[1], 'players')
local op, player, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
if op ~= 'timeout' then
  if not string.find(',' .. players .. ',', ',' .. player .. ',', 1, true) then return { 'not_in_match', '' } end
  if op ~= 'withdraw' and redis.call('HEXISTS', KEYS[1], 'answer:' .. player) == 1 then return { 'answered', status } end
end
if status ~= 'pending' then return { 'closed', status } end
if op == 'withdraw' then
  redis.call('HSET', KEYS[1], 'status', 'cancelled', 'reason', 'party_changed')
  return { 'cancelled', player }
end
local deadline = tonumber(redis.call('HGET', KEYS[1], 'deadline'))
if op == 'timeout' then
  if now < deadline then return { 'pending', '' } end
  local silent = {}
  for p in string.gmatch(players, '[^,]+') do
    if redis.call('HGET', KEYS[1], 'answer:' .. p) ~= 'accept' then silent[#silent + 1] = p end
  end
  redis.call('HSET', KEYS[1], 'status', 'cancelled', 'reason', 'timeout')
  return { 'cancelled', table.concat(silent, ',') }
end
if now >= deadline then return { 'closed', 'expired' } end
redis.call('HSET', KEYS[1], 'answer:' .. player, op)
if op == 'decline' then
  redis.call('HSET', KEYS[1], 'status', 'cancelled', 'reason', 'declined')
  return { 'cancelled', player }
end
for p in string.gmatch(players, '[^,]+') do
  if redis.call('HGET', KEYS[1], 'answer:' .. p) ~= 'accept' then return { 'pending', '' } end
end
redis.call('HSET', KEYS[1], 'status', 'confirmed')
return { 'confirmed', '' }
