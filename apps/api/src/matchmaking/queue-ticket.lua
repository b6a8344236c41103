-- Opens a ticket (when ARGV[5] is given) and reads, in the same call, what a join or status answer needs about it:
-- the ticket of record, its position, the open-ticket count and its nearest open neighbours (for the on-join partner
-- search and the wait estimate). The only script that opens tickets and the only neighbour read.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] party members hash
-- ARGV[1] ticket (player, or party id)  ARGV[2] neighbour range (rating points either side)
-- ARGV[3] neighbours per side (0: none)  ARGV[4] '1': each neighbour with its window bonus
-- To open (a stale open ticket of the same id is replaced; refused while a match for it is being created):
-- ARGV[5] rating  ARGV[6] joined-at (epoch ms)  ARGV[7] party members (csv, '' solo)  ARGV[8] window bonus (0: none)
-- Returns {ticket value or false, position by join time (1-based), open tickets, then neighbour triples: player,
-- rating, joined-at (with ARGV[4], quadruples ending in the window bonus, '' for none); those at or below the rating
-- first, nearest first, then those above, nearest first}. An open refused returns {false, -1, opponent of the claim}.
-- Ticket of record: "rating|joined|claim|opponent", or with a window bonus "rating|joined|claim|opponent|bonus".
local value = redis.call('HGET', KEYS[3], ARGV[1])
if ARGV[5] and ARGV[5] ~= '' then
  if value then
    local claim, opponent = string.match(value, '^[^|]*|[^|]*|([^|]*)|([^|]*)')
    if claim ~= '' then return {false, -1, opponent} end
  end
  local bonus = tonumber(ARGV[8] or '0') or 0
  value = ARGV[5] .. '|' .. ARGV[6] .. '||' .. (bonus > 0 and ('|' .. bonus) or '')
  redis.call('HSET', KEYS[3], ARGV[1], value)
  if ARGV[7] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[7]) else redis.call('HDEL', KEYS[4], ARGV[1]) end
  redis.call('ZADD', KEYS[1], ARGV[5], ARGV[1])
  redis.call('ZADD', KEYS[2], ARGV[6], ARGV[1])
end
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
