-- Rotates one refresh-token family: the presented secret must be the family's current one.
-- KEYS[1] auth:refresh:{family}          (hash: player_id, hash, generation, created_at, used)
-- KEYS[2] auth:refresh:{family}:revoked  (marker that also invalidates the family's access tokens)
-- ARGV[1] SHA-256 of the presented secret; ARGV[2] SHA-256 of the next secret
-- ARGV[3] refresh TTL (seconds); ARGV[4] revoked-marker TTL (seconds, one access-token lifetime)
-- ARGV[5] how many rotated-out digests to remember (`used`: space-separated, newest first)
-- Returns {status, player_id, generation}; status is rotated | reused | unknown.
local family = redis.call('HMGET', KEYS[1], 'hash', 'player_id', 'generation', 'used')
if not family[1] then
  return {'unknown', '', 0}
end
local used = family[4] or ''
if family[1] ~= ARGV[1] then
  if string.find(' ' .. used .. ' ', ' ' .. ARGV[1] .. ' ', 1, true) then
    -- A secret this family already rotated out is being replayed: the chain has been copied. Nobody can tell the
    -- thief from the owner; end the whole family.
    redis.call('DEL', KEYS[1])
    redis.call('SET', KEYS[2], '1', 'EX', ARGV[4])
    return {'reused', family[2], tonumber(family[3])}
  end
  -- A secret this family never issued (a guess, knowing only the family id from an access token): refuse, revoke nothing.
  return {'unknown', '', 0}
end
local keep = tonumber(ARGV[5])
used = ARGV[1] .. (used == '' and '' or ' ' .. used)
-- Digests are fixed-width (64 hex), so the newest `keep` of them are exactly this prefix.
used = string.sub(used, 1, keep * 65 - 1)
local generation = redis.call('HINCRBY', KEYS[1], 'generation', 1)
redis.call('HSET', KEYS[1], 'hash', ARGV[2], 'used', used)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {'rotated', family[2], generation}
