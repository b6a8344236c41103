-- Opens a ticket for a player (replacing a stale open one), unless a match for the player is being created; also
-- returns the new ticket's nearest open neighbours, so the on-join partner search and the wait estimate need no
-- further round trip.
-- KEYS[1] ratings zset  KEYS[2] joined zset  KEYS[3] tickets hash  KEYS[4] party members hash
-- ARGV[1] ticket (player, or party id)  ARGV[2] rating  ARGV[3] joined-at (epoch ms)  ARGV[4] party members (csv, '' solo)
-- ARGV[5] neighbour range (rating points either side)  ARGV[6] neighbours per side (0: none)
-- ARGV[7] the ticket's window bonus (0: none, the 4-field value of before)  ARGV[8] '1': neighbours with their bonus
-- Returns {1, position by join time (1-based), open tickets, then neighbour triples: player, rating, joined-at (with
-- ARGV[8], quadruples ending in the window bonus, '' for none); those at or below the rating first, nearest first, then
-- those above, nearest first} or {0, opponent of the claim in progress}.
-- Ticket of record: "rating|joined|claim|opponent", or with a window bonus "rating|joined|claim|opponent|bonus".
local current = redis.call('HGET', KEYS[3], ARGV[1])
if current then
  local claim, opponent = string.match(current, '^[^|]*|[^|]*|([^|]*)|([^|]*)')
  if claim ~= '' then return {0, opponent} end
end
local bonus = tonumber(ARGV[7] or '0') or 0
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. '|' .. ARGV[3] .. '||' .. (bonus > 0 and ('|' .. bonus) or ''))
if ARGV[4] ~= '' then redis.call('HSET', KEYS[4], ARGV[1], ARGV[4]) else redis.call('HDEL', KEYS[4], ARGV[1]) end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1])
local out = {1, redis.call('ZRANK', KEYS[2], ARGV[1]) + 1, redis.call('ZCARD', KEYS[2])}
local k = tonumber(ARGV[6] or '0')
local withWindows = ARGV[8] == '1'
if k > 0 then
  local r, range = tonumber(ARGV[2]), tonumber(ARGV[5])
  local below = redis.call('ZREVRANGEBYSCORE', KEYS[1], ARGV[2], r - range, 'WITHSCORES', 'LIMIT', 0, k + 1)
  local above = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. ARGV[2], r + range, 'WITHSCORES', 'LIMIT', 0, k)
  local function add(list)
    local taken = 0
    for i = 1, #list, 2 do
      if list[i] ~= ARGV[1] and taken < k then
        out[#out + 1] = list[i]; out[#out + 1] = list[i + 1]; out[#out + 1] = redis.call('ZSCORE', KEYS[2], list[i]) or '0'
        if withWindows then
          local value = redis.call('HGET', KEYS[3], list[i])
          out[#out + 1] = value and string.match(value, '^[^|]*|[^|]*|[^|]*|[^|]*|(%d+)') or ''
        end
        taken = taken + 1
      end
    end
  end
  add(below)
  add(above)
end
return out
