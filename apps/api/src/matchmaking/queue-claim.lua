-- Claims pairs of open tickets for matches. Each pair is all-or-nothing: both tickets must still be open (present and
-- not claimed); they then leave the open sets, are marked with the claim id and opponent, and enter the claims set.
-- This script is the only way a ticket becomes matched, so concurrent joins, leaves, the on-join path and any number
-- of matchmaker replicas can never pair a player twice, pair a player who left, or lose a ticket.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] claims zset
-- ARGV[1] now (epoch ms), then triples: player a, player b, claim id (at most 1000 pairs per call)
-- Returns per pair: status (1 claimed, 0 a not open, 2 b not open), rating a, joined a, rating b, joined b.
-- A ticket's window bonus (5th field of the ticket of record, when present) is kept through the claim.
local out = {}
local taken = {}
local members, tickets, claims = {}, {}, {}

-- A ticket that is open and not already taken by an earlier pair of this call: its rating, join time and the rest of
-- its value after the opponent ('' or '|bonus'), else nil.
local function open(player)
  if taken[player] then return nil end
  local value = redis.call('HGET', KEYS[3], player)
  if not value then return nil end
  local rating, joined, claim, rest = string.match(value, '^([^|]*)|([^|]*)|([^|]*)|[^|]*(.*)$')
  if claim ~= '' then return nil end
  return rating, joined, rest
end

for i = 2, #ARGV, 3 do
  local a, b, id = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local ra, ja, xa = open(a)
  local rb, jb, xb = nil, nil, nil
  if ra and a ~= b then rb, jb, xb = open(b) end
  if not ra or a == b then
    out[#out + 1] = 0; out[#out + 1] = ''; out[#out + 1] = ''; out[#out + 1] = ''; out[#out + 1] = ''
  elseif not rb then
    out[#out + 1] = 2; out[#out + 1] = ''; out[#out + 1] = ''; out[#out + 1] = ''; out[#out + 1] = ''
  else
    taken[a] = true
    taken[b] = true
    members[#members + 1] = a; members[#members + 1] = b
    tickets[#tickets + 1] = a; tickets[#tickets + 1] = ra .. '|' .. ja .. '|' .. id .. '|' .. b .. xa
    tickets[#tickets + 1] = b; tickets[#tickets + 1] = rb .. '|' .. jb .. '|' .. id .. '|' .. a .. xb
    claims[#claims + 1] = ARGV[1]; claims[#claims + 1] = a; claims[#claims + 1] = ARGV[1]; claims[#claims + 1] = b
    out[#out + 1] = 1; out[#out + 1] = ra; out[#out + 1] = ja; out[#out + 1] = rb; out[#out + 1] = jb
  end
end

-- One write per structure for the whole call instead of four per pair.
if #members > 0 then
  redis.call('ZREM', KEYS[1], unpack(members))
  redis.call('ZREM', KEYS[2], unpack(members))
  redis.call('HSET', KEYS[3], unpack(tickets))
  redis.call('ZADD', KEYS[4], unpack(claims))
end
return out
