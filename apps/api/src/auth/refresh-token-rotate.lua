-- Rotates one refresh-token family: the presented secret must be the family's current one.
-- KEYS[1] auth:refresh:{family}          (hash: player_id, hash, generation, created_at)
-- KEYS[2] auth:refresh:{family}:revoked  (marker that also invalidates the family's access tokens)
-- ARGV[1] SHA-256 of the presented secret; ARGV[2] SHA-256 of the next secret
-- ARGV[3] refresh TTL (seconds); ARGV[4] revoked-marker TTL (seconds, one access-token lifetime)
-- Returns {status, player_id, generation}; status is rotated | reused | unknown.
local family = redis.call('HMGET', KEYS[1], 'hash', 'player_id', 'generation')
if not family[1] then
  return {'unknown', '', 0}
end
if family[1] ~= ARGV[1] then
  -- A live family presented with a secret that is not its newest: an older token of this chain is being replayed,
  -- so the chain has been copied. Nobody can tell the thief from the owner; end the whole family.
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '1', 'EX', ARGV[4])
  return {'reused', family[2], tonumber(family[3])}
end
local generation = redis.call('HINCRBY', KEYS[1], 'generation', 1)
redis.call('HSET', KEYS[1], 'hash', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {'rotated', family[2], generation}
