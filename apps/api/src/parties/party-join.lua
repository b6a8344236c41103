-- Adds a player to a party if the invite code matches and there is room; refreshes the party's idle TTL.
-- KEYS[1] party hash  KEYS[2] party members zset
-- ARGV[1] player  ARGV[2] invite code  ARGV[3] now (epoch ms)  ARGV[4] idle TTL (s)
-- Returns 'joined', 'member' (already in it), 'gone', 'forbidden' (wrong code) or 'full'.
local code = redis.call('HGET', KEYS[1], 'invite_code')
if not code then return 'gone' end
if code ~= ARGV[2] then return 'forbidden' end
if redis.call('ZSCORE', KEYS[2], ARGV[1]) then return 'member' end
if redis.call('ZCARD', KEYS[2]) >= tonumber(redis.call('HGET', KEYS[1], 'max_size')) then return 'full' end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 'joined'
