-- Begins or ends one durable write of a session: the write intent that keeps readers off the hot copy, and the
-- claim on the version the write starts from. Exactly one writer holds a version's claim, so exactly one writer per
-- version reaches MongoDB: the conditional update decides nothing alone (the dev/test stand-in does not apply it
-- atomically), and a lost claim costs no MongoDB round trip. A claim whose writer died lapses at its deadline.
-- KEYS[1] sessions:{id}:sync   see session-hot-apply.lua; claims are fields c:<version> = "<token>|<deadline ms>"
-- ARGV[1] 'begin' | 'end'; ARGV[2] token; ARGV[3] version the write starts from
-- begin: ARGV[4] now (ms); ARGV[5] deadline (ms); ARGV[6] TTL (s) of the sync key
-- Returns 1 (begin: claimed; end: done) or 0 (begin: another writer holds the version, or Redis already saw a newer one)
local claim = 'c:' .. ARGV[3]
local held = redis.call('HGET', KEYS[1], claim)
local mine = held and string.sub(held, 1, #ARGV[2] + 1) == ARGV[2] .. '|'

if ARGV[1] == 'end' then
  redis.call('HDEL', KEYS[1], 'w:' .. ARGV[2])
  if mine then redis.call('HDEL', KEYS[1], claim) end
  return 1
end

local applied = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
if applied > tonumber(ARGV[3]) then return 0 end
if held and not mine then
  local deadline = tonumber(string.sub(held, string.find(held, '|', 1, true) + 1))
  if deadline >= tonumber(ARGV[4]) then return 0 end
end
redis.call('HSET', KEYS[1], claim, ARGV[2] .. '|' .. ARGV[5], 'w:' .. ARGV[2], ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[6])
return 1
