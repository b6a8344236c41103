-- Sets a player's leaderboard score unless the board already holds a newer one (same rule as the stats mirror).
-- KEYS[1] leaderboard sorted set, KEYS[2] versions hash, KEYS[3] names hash (all share one tag: {global}, or {pool:<name>:<season>})
-- ARGV[1] player id, ARGV[2] rating, ARGV[3] games_played behind that rating, ARGV[4] username
local current = redis.call('HGET', KEYS[2], ARGV[1])
if current and tonumber(current) > tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
redis.call('HSET', KEYS[3], ARGV[1], ARGV[4])
return 1
