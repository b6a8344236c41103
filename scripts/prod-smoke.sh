#!/usr/bin/env bash
# Copies the build output and manifests to a temp dir, installs production dependencies only, starts the service
# against real Redis and MongoDB URLs (never the dev-mode stand-ins), checks its health endpoints and a clean SIGTERM.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
wait_for() { # url, expected status
  for _ in $(seq 1 100); do
    code=$(node -e "fetch(process.argv[1]).then(r=>console.log(r.status)).catch(()=>console.log(0))" "$1")
    [ "$code" = "$2" ] && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to answer $2 (last: $code)"; return 1
}

cp "$root/package.json" "$root/package-lock.json" "$work/"
cp -r "$root/patches" "$work/patches"
cp -r "$root/dist" "$work/dist"
(cd "$work" && npm ci --omit=dev --omit=optional --no-audit --no-fund --ignore-scripts=false >/dev/null)
if [ -d "$work/node_modules/@jongodb" ]; then echo "production install contains the dev-only Mongo stand-in"; exit 1; fi

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" >/dev/null &
pids+=($!)
mongo_port=$(free_port)
# The stand-in comes from the full checkout: production never spawns it, it only serves as "a real MongoDB URL" here.
"$root/node_modules/@jongodb/memory-server-bin-linux-x64-gnu/bin/jongodb" --host=127.0.0.1 --port="$mongo_port" --database=gsm_prod_smoke >/dev/null &
pids+=($!)

app_port=$(free_port)
metrics_port=$(free_port)
(cd "$work" && NODE_ENV=production PORT="$app_port" METRICS_PORT="$metrics_port" HOST=127.0.0.1 \
  REDIS_URL="redis://127.0.0.1:$redis_port" MONGODB_URI="mongodb://127.0.0.1:$mongo_port/gsm_prod_smoke" \
  JWT_SECRET="prod-smoke-secret-0123456789abcdef0123456789" GAME_SERVER_KEY="prod-smoke-server-key-0123456789abcdef" \
  exec node dist/apps/api/src/main.js > "$work/app.log" 2>&1) &
app=$!
pids+=($app)

wait_for "http://127.0.0.1:$app_port/health/live" 200
wait_for "http://127.0.0.1:$app_port/health/ready" 200
if grep -q 'dev_mode_non_durable' "$work/app.log"; then echo "production start used dev mode"; exit 1; fi
# Production defaults: no API docs, metrics only on their own port.
wait_for "http://127.0.0.1:$metrics_port/metrics" 200
wait_for "http://127.0.0.1:$app_port/metrics" 404
wait_for "http://127.0.0.1:$app_port/docs-json" 404
kill -TERM "$app"
status=0
wait "$app" || status=$?
if [ "$status" -ne 0 ]; then echo "app exited with $status after SIGTERM"; cat "$work/app.log"; exit 1; fi
grep -q '"event":"shutdown_complete"' "$work/app.log"
echo "production install: /health/live and /health/ready answered 200, metrics on their own port, no docs; SIGTERM exited 0"
