-- Reads what a status or join answer needs about one ticket in one call: the ticket of record, its position, the
-- open-ticket count and its nearest open neighbours (for the wait estimate and the on-join partner search).
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash
-- ARGV[1] ticket id  ARGV[2] neighbour range (rating points either side)  ARGV[3] neighbours per side
-- ARGV[4] '1': each neighbour with its window bonus
-- Returns {ticket value or false, position (1-based), open tickets, neighbour triples: player, rating, joined-at...}
-- (with ARGV[4], quadruples ending in the window bonus, '' for none).
local value = redis.call('HGET', KEYS[3], ARGV[1])
local count = redis.call('ZCARD', KEYS[2])
if not value then return {false, 0, count} end
local rating, joined, claim = string.match(value, '^([^|]*)|([^|]*)|([^|]*)|')
local position
if claim ~= '' then
  -- A claimed ticket has left the open sets: where it stood is the number of open tickets that joined before it.
  position = redis.call('ZCOUNT', KEYS[2], '-inf', '(' .. joined) + 1
else
  position = (redis.call('ZRANK', KEYS[2], ARGV[1]) or 0) + 1
end
local out = {value, position, count}
local k = tonumber(ARGV[3])
local withWindows = ARGV[4] == '1'
if k > 0 and claim == '' then
  local r, range = tonumber(rating), tonumber(ARGV[2])
  local below = redis.call('ZREVRANGEBYSCORE', KEYS[1], rating, r - range, 'WITHSCORES', 'LIMIT', 0, k + 1)
  local above = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. rating, r + range, 'WITHSCORES', 'LIMIT', 0, k)
  local function add(list)
    local taken = 0
    for i = 1, #list, 2 do
      if list[i] ~= ARGV[1] and taken < k then
        out[#out + 1] = list[i]; out[#out + 1] = list[i + 1]; out[#out + 1] = redis.call('ZSCORE', KEYS[2], list[i]) or '0'
        if withWindows then
          local other = redis.call('HGET', KEYS[3], list[i])
          out[#out + 1] = other and string.match(other, '^[^|]*|[^|]*|[^|]*|[^|]*|(%d+)') or ''
        end
        taken = taken + 1
      end
    end
  end
  add(below)
  add(above)
end
return out
