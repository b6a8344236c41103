-- Ends one reserved login attempt: drops its reservation and, for a failure, counts it.
-- KEYS[1] auth:login_attempts:<user|client>:{id}
-- ARGV[1] token; ARGV[2] outcome: failed | succeeded | abandoned; ARGV[3] window (s)
-- ARGV[4] '1' when a success clears the counter's failures (the username's; never the client's)
redis.call('HDEL', KEYS[1], 'r:' .. ARGV[1])
if ARGV[2] == 'failed' then
  -- The window starts at the first failure (a key that held only reservations restarts it here).
  if redis.call('HINCRBY', KEYS[1], 'failures', 1) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[3]) end
elseif ARGV[2] == 'succeeded' and ARGV[4] == '1' then
  redis.call('HDEL', KEYS[1], 'failures')
end
return 1
