-- Claims whole team matches (2..64 tickets each). Each match is all-or-nothing: every ticket must still be open
-- (present and not claimed, and not taken by an earlier match of this call); they then leave the open sets, are marked
-- with the match's claim id and enter the claims set. Like queue-claim.lua for pairs, this is the only way a team-mode
-- ticket becomes matched, so replicas, joins and leaves can never place a ticket twice or place one that left.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] claims zset
-- ARGV[1] now (epoch ms), then per match: claim id, ticket count k, k ticket ids
-- Returns per match: status (1 claimed, 0 not), then for each of its k tickets: rating, joined-at ('' when not claimed).
-- A ticket's window bonus (5th field of the ticket of record, when present) is kept through the claim.
local out = {}
local taken = {}
local members, tickets, claims = {}, {}, {}
local i = 2
while i <= #ARGV do
  local id, k = ARGV[i], tonumber(ARGV[i + 1])
  local first = i + 2
  local ratings, joins, rests = {}, {}, {}
  local ok = k >= 2 and k <= 64
  for j = first, first + k - 1 do
    if not ok then break end
    local t = ARGV[j]
    local value = (not taken[t]) and redis.call('HGET', KEYS[3], t)
    if not value then ok = false break end
    local rating, joined, claim, rest = string.match(value, '^([^|]*)|([^|]*)|([^|]*)|[^|]*(.*)$')
    if claim ~= '' then ok = false break end
    taken[t] = true
    ratings[#ratings + 1] = rating; joins[#joins + 1] = joined; rests[#rests + 1] = rest
  end
  if ok then
    out[#out + 1] = 1
    for j = 1, k do
      local t = ARGV[first + j - 1]
      members[#members + 1] = t
      tickets[#tickets + 1] = t; tickets[#tickets + 1] = ratings[j] .. '|' .. joins[j] .. '|' .. id .. '|*' .. rests[j]
      claims[#claims + 1] = ARGV[1]; claims[#claims + 1] = t
      out[#out + 1] = ratings[j]; out[#out + 1] = joins[j]
    end
  else
    -- Tickets of a failed match taken above are free again for later matches of this call.
    for j = first, first + k - 1 do
      if ratings[j - first + 1] then taken[ARGV[j]] = nil end
    end
    out[#out + 1] = 0
    for _ = 1, k do out[#out + 1] = ''; out[#out + 1] = '' end
  end
  i = first + k
end
if #members > 0 then
  redis.call('ZREM', KEYS[1], unpack(members))
  redis.call('ZREM', KEYS[2], unpack(members))
  redis.call('HSET', KEYS[3], unpack(tickets))
  redis.call('ZADD', KEYS[4], unpack(claims))
end
return out
