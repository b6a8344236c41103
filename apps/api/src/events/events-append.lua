-- Appends one event to a stream with the id "<ms>-<n>" (n = previous n + 1), trims entries older than the
-- retention (and beyond a hard cap), refreshes the key's TTL and notifies every replica.
-- KEYS[1] stream; ARGV: retention_ms, ttl_seconds, max_len, channel, event, data. Returns the new id.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ms, n = now, 1
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
if #last > 0 then
  local lms, ln = string.match(last[1][1], '^(%d+)%-(%d+)$')
  lms, ln = tonumber(lms), tonumber(ln)
  if lms > ms then ms = lms end
  n = ln + 1
end
local id = string.format('%.0f-%.0f', ms, n)
redis.call('XADD', KEYS[1], 'MINID', '~', string.format('%.0f', now - tonumber(ARGV[1])), id, 'event', ARGV[5], 'data', ARGV[6])
redis.call('XTRIM', KEYS[1], 'MAXLEN', '~', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', ARGV[4], KEYS[1] .. ' ' .. id)
return id
