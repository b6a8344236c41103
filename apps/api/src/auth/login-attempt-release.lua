-- Gives back one reserved login attempt (never below zero; the window's expiry is left as it is).
-- KEYS[1] auth:login_failures:<user|client>:{id}
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
