#!/usr/bin/env bash
# Measures how long replies cut off by a crash stay "streaming": starts a gateway, starts N slow
# replies, kills the gateway with SIGKILL mid-reply, starts a new one, and counts the seconds until
# no reply is left streaming. Run through ./mosaic bench-crash [N]; it uses the benchmark database,
# Redis database 7 and port 18091, so it can run beside a gateway of your own.
set -euo pipefail
: "${JAVA:?run through ./mosaic bench-crash}" "${GATEWAY_CP:?}" "${CLIENT_CP:?}"
REPLIES=${1:-5}
PORT=${MOSAIC_CRASH_PORT:-18091}
STATE=$(mktemp -d)
trap 'kill "${GATEWAY:-}" 2>/dev/null || true; rm -rf "$STATE"' EXIT

export MOSAIC_PORT=$PORT MOSAIC_DB_URL=${MOSAIC_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/mosaic_bench}
export MOSAIC_REDIS_URL=redis://127.0.0.1:6379/7 MOSAIC_REDIS_PREFIX=mosaic-crash MOSAIC_MASTER_KEY_FILE=$STATE/master-key.json
DATABASE=${MOSAIC_DB_URL##*/}

streaming() {
  # As the superuser, which row-level security does not confine: every user's replies.
  runuser -u postgres -- psql -X -q -tA -d "$DATABASE" -c "select count(*) from messages where status = 'streaming'"
}

since() { awk -v start="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - start }'; }

start_gateway() {
  "$JAVA" "${JAVA_OPTS[@]}" -cp "$GATEWAY_CP" dev.mosaic.bootstrap.Main serve >>"$STATE/gateway.log" 2>&1 &
  GATEWAY=$!
  for _ in $(seq 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && return
    sleep 0.1
  done
  echo "the gateway did not start; its log:" >&2; tail -20 "$STATE/gateway.log" >&2; exit 1
}

JAVA_OPTS=(--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
start_gateway
user="crash-$(date +%s)"
"$JAVA" "${JAVA_OPTS[@]}" -cp "$GATEWAY_CP" dev.mosaic.bootstrap.Main user create "$user" 2>/dev/null \
  | awk 'NF == 1 && length($1) > 20 { print $1 }' > "$STATE/token"
[ -s "$STATE/token" ] || { echo "could not create a user" >&2; exit 1; }
for i in $(seq "$REPLIES"); do
  "$JAVA" "${JAVA_OPTS[@]}" -cp "$CLIENT_CP" dev.mosaic.tui.TerminalClient --url "ws://127.0.0.1:$PORT/v1/ws" \
    --token-file "$STATE/token" -m "#sim:slow tell me a long story, number $i, with many words in it" >/dev/null 2>&1 &
done
for _ in $(seq 100); do [ "$(streaming)" -ge "$REPLIES" ] && break; sleep 0.1; done
echo "$(streaming) replies streaming; killing the gateway with SIGKILL"
kill -9 "$GATEWAY"; wait "$GATEWAY" 2>/dev/null || true
killed=$(date +%s.%N)
start_gateway
echo "a new gateway is up after $(since "$killed") s"
while [ "$(streaming)" -gt 0 ]; do sleep 0.2; done
echo "every reply settled $(since "$killed") s after the crash"
