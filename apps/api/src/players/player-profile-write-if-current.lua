-- Stores a player's profile copy only if nothing it was read from has changed since: the version was read before
-- MongoDB, and every writer bumps it after its own durable write, so a slow reader can never store older data.
-- KEYS[1] player:{id}:profile   KEYS[2] player:{id}:profile_version
-- ARGV[1] version seen before reading MongoDB; ARGV[2] the copy (JSON); ARGV[3] TTL seconds
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2], 'EX', tonumber(ARGV[3]))
return 1
