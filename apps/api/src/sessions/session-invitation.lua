-- One state transition of a player-created session's invitation, atomically: every replica's accept, decline, cancel
-- and expiry meets here, so exactly one of "everyone accepted" and "cancelled" can win.
-- States: pending -> placing (all invitees accepted; one caller claims the players) -> placed, or pending -> cancelled.
-- A placer that dies leaves `placing`; after `placing_until` the invitation counts as pending again.
-- KEYS[1] sessions:{id}:invitation
-- ARGV[1] op; ARGV[2] now (ms)
--   open    ARGV[3] invitee ids (comma-separated), ARGV[4] expires_at (ms), ARGV[5] ms to keep the record after expiry
--   accept  ARGV[3] player, ARGV[4] placer token, ARGV[5] placing lease (ms)
--   decline ARGV[3] player (the caller checked it is one of the session's players)
--   cancel  ARGV[3] reason ('deleted', or 'expired': only once expired), ARGV[4] ms to keep a tombstone
--   placed | release  ARGV[3] placer token (the players were claimed and the session placed / the claim failed)
-- Returns { outcome, detail }: opened | exists | missing | accepted | place | placing | placed | released | lost |
-- pending | cancelled (detail: the reason, for the call that cancelled it and every later one)
local key = KEYS[1]
local op = ARGV[1]
local now = tonumber(ARGV[2])

if op == 'open' then
  if redis.call('EXISTS', key) == 1 then return { 'exists', '' } end
  redis.call('HSET', key, 'state', 'pending', 'invitees', ARGV[3], 'expires_at', ARGV[4])
  redis.call('PEXPIREAT', key, tonumber(ARGV[4]) + tonumber(ARGV[5]))
  return { 'opened', '' }
end

local function cancel(reason)
  redis.call('HSET', key, 'state', 'cancelled', 'reason', reason)
  return { 'cancelled', reason }
end

if redis.call('EXISTS', key) == 0 then
  if op ~= 'cancel' then return { 'missing', '' } end
  -- Lost (Redis restart) or never written (creator died): a tombstone keeps a later re-open from reviving it.
  redis.call('HSET', key, 'state', 'cancelled', 'reason', ARGV[3])
  redis.call('PEXPIRE', key, tonumber(ARGV[4]))
  return { 'cancelled', ARGV[3] }
end

local state = redis.call('HGET', key, 'state')
if state == 'placing' and tonumber(redis.call('HGET', key, 'placing_until')) <= now then
  state = 'pending'
  redis.call('HSET', key, 'state', 'pending')
end
if state == 'cancelled' then return { 'cancelled', redis.call('HGET', key, 'reason') } end
if state == 'placed' then return { 'placed', '' } end
if state == 'placing' then
  if redis.call('HGET', key, 'placer') == ARGV[3] then
    if op == 'placed' then
      redis.call('HSET', key, 'state', 'placed')
      return { 'placed', '' }
    elseif op == 'release' then
      redis.call('HSET', key, 'state', 'pending')
      return { 'released', '' }
    end
  end
  return { 'placing', '' }
end

-- pending
if op == 'placed' or op == 'release' then return { 'lost', '' } end
if now >= tonumber(redis.call('HGET', key, 'expires_at')) then return cancel('expired') end
if op == 'cancel' then
  if ARGV[3] == 'expired' then return { 'pending', '' } end
  return cancel(ARGV[3])
end
if op == 'decline' then return cancel('declined') end
if op ~= 'accept' then return redis.error_reply('unknown invitation op ' .. op) end

local invitees = redis.call('HGET', key, 'invitees')
local invited = false
for id in string.gmatch(invitees, '[^,]+') do
  if id == ARGV[3] then invited = true end
end
if not invited then return { 'not_invited', '' } end
redis.call('HSET', key, 'a:' .. ARGV[3], ARGV[2])
for id in string.gmatch(invitees, '[^,]+') do
  if redis.call('HEXISTS', key, 'a:' .. id) == 0 then return { 'accepted', '' } end
end
-- Everyone accepted (also when this is a repeated accept after a failed placement): this caller places them.
redis.call('HSET', key, 'state', 'placing', 'placer', ARGV[4], 'placing_until', now + tonumber(ARGV[5]))
return { 'place', '' }
