-- Writes a player's stats mirror unless it already reflects more games: refreshes that finish out of order
-- (two results for the same player applied back to back) can never leave the older numbers behind.
-- KEYS[1] player:{id}:stats
-- ARGV[1] games_played of the stats being written; ARGV[2..] field/value pairs
local current = redis.call('HGET', KEYS[1], 'games_played')
if current and tonumber(current) > tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
return 1
