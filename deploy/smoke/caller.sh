#!/bin/sh
# The smoke test's caller. modules/smoke-test-job.bicep runs this script (loadTextContent, `sh -c`) in a Container
# Apps job, as the job's own user-assigned identity: another Azure app's managed identity calling integrated-auth the
# way its real callers do, with a token for the API and no secret.
#   1. a token for API_RESOURCE (api://<appId>) from the Container Apps identity endpoint;
#   2. GET /api/v1/getcode with it, retrying while the app role assignments (and the app's storage roles) propagate;
#   3. POST /api/v1/codes/verify twice with that code: valid, then not.
# It exits 0 when all of it held and 1 otherwise; the execution's status is the smoke test's answer
# (deploy/lib.sh, run_smoke_job). It prints no token and no claim. With API_RESOURCE empty (AUTH_ENABLED=false) it
# calls without a token. POSIX sh and curl only: the job's image is the Azure CLI's (Azure Linux), from MCR.
set -eu

API_BASE_URL="${API_BASE_URL:?the job sets API_BASE_URL}"
API_RESOURCE="${API_RESOURCE:-}"
CALLER_CLIENT_ID="${CALLER_CLIENT_ID:-}"
ATTEMPTS="${ATTEMPTS:-20}"
PAUSE_SECONDS="${PAUSE_SECONDS:-15}"

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
umask 077

log() { printf 'smoke-test: %s\n' "$*"; }

# json_string NAME FILE: the first string value of NAME in FILE (flat JSON, as the API and the endpoint answer).
json_string() {
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1
}

# problem FILE: an RFC 9457 problem's type and title, for the log (problems carry no secret).
problem() {
  printf '%s %s' "$(json_string type "$1")" "$(json_string title "$1")"
}

# get_token: writes the Authorization header for the API to ${work}/auth.header. The identity endpoint is Container
# Apps' (App Service protocol, 2019-08-01); IMDS only where the platform gives none. The token never reaches argv or
# the log; the endpoint's error (an AADSTS code and text, while the assignment propagates) does.
get_token() {
  if [ -n "${IDENTITY_ENDPOINT:-}" ]; then
    status="$(curl -sS --max-time 30 -o "${work}/token.json" -w '%{http_code}' -G \
      -H "X-IDENTITY-HEADER: ${IDENTITY_HEADER:-}" \
      --data-urlencode 'api-version=2019-08-01' \
      --data-urlencode "resource=${API_RESOURCE}" \
      --data-urlencode "client_id=${CALLER_CLIENT_ID}" \
      "${IDENTITY_ENDPOINT}")" || true
  else
    status="$(curl -sS --max-time 30 -o "${work}/token.json" -w '%{http_code}' -G -H 'Metadata: true' \
      --data-urlencode 'api-version=2018-02-01' \
      --data-urlencode "resource=${API_RESOURCE}" \
      --data-urlencode "client_id=${CALLER_CLIENT_ID}" \
      'http://169.254.169.254/metadata/identity/oauth2/token')" || true
  fi
  if [ "${status:-000}" = 200 ]; then
    token="$(json_string access_token "${work}/token.json")"
    rm -f "${work}/token.json"
    if [ -n "${token}" ]; then
      printf 'Authorization: Bearer %s\n' "${token}" >"${work}/auth.header"
      token=""
      log "token acquired for ${API_RESOURCE}"
      return 0
    fi
    log "the identity endpoint answered 200 without an access token"
    return 1
  fi
  log "no token yet (identity endpoint: HTTP ${status:-000}): $(head -c 400 "${work}/token.json" 2>/dev/null | tr -d '\r\n')"
  rm -f "${work}/token.json"
  return 1
}

# call METHOD PATH [JSON]: prints the HTTP status (000 when there was no answer); the body goes to ${work}/body.
call() {
  if [ -s "${work}/auth.header" ]; then
    auth="@${work}/auth.header"
  else
    auth='X-Smoke-Test: no token'
  fi
  if [ "$#" -ge 3 ]; then
    out="$(curl -sS --max-time 30 -o "${work}/body" -w '%{http_code}' -X "$1" -H "${auth}" \
      -H 'Content-Type: application/json' --data "$3" "${API_BASE_URL}$2")" || true
  else
    out="$(curl -sS --max-time 30 -o "${work}/body" -w '%{http_code}' -X "$1" -H "${auth}" \
      "${API_BASE_URL}$2")" || true
  fi
  printf '%s\n' "${out:-000}"
}

command -v curl >/dev/null 2>&1 || { log "FAIL: curl is not in the image"; exit 1; }
log "caller ${CALLER_CLIENT_ID:-?}, API ${API_BASE_URL}, token for ${API_RESOURCE:-nothing (AUTH_ENABLED=false)}"

code=""
attempt=1
while :; do
  if [ -z "${API_RESOURCE}" ] || [ -s "${work}/auth.header" ] || get_token; then
    status="$(call GET /api/v1/getcode)"
    case "${status}" in
      200)
        code="$(json_string code "${work}/body")"
        [ -n "${code}" ] && break
        log "attempt ${attempt}: HTTP 200 without a code"
        ;;
      401 | 403)
        # Not yet assigned, or not yet in a token: ask the endpoint again next time.
        log "attempt ${attempt}: HTTP ${status} $(problem "${work}/body")"
        rm -f "${work}/auth.header"
        ;;
      *)
        log "attempt ${attempt}: HTTP ${status} $(problem "${work}/body")"
        ;;
    esac
  fi
  if [ "${attempt}" -ge "${ATTEMPTS}" ]; then
    log "FAIL: no code from GET /api/v1/getcode after ${ATTEMPTS} attempts"
    exit 1
  fi
  attempt=$((attempt + 1))
  sleep "${PAUSE_SECONDS}"
done
log "GET /api/v1/getcode: HTTP 200, code ${code}"

first="$(call POST /api/v1/codes/verify "{\"code\":\"${code}\"}")"
first_valid="$(grep -c '"valid"[[:space:]]*:[[:space:]]*true' "${work}/body" || true)"
log "first verification: HTTP ${first} $(tr -d '\r\n' <"${work}/body" | head -c 200)"
second="$(call POST /api/v1/codes/verify "{\"code\":\"${code}\"}")"
second_invalid="$(grep -c '"valid"[[:space:]]*:[[:space:]]*false' "${work}/body" || true)"
log "second verification: HTTP ${second} $(tr -d '\r\n' <"${work}/body" | head -c 200)"

if [ "${first}" = 200 ] && [ "${first_valid}" -ge 1 ] && [ "${second}" = 200 ] && [ "${second_invalid}" -ge 1 ]; then
  log "PASS: a code issued to this identity was valid once, then not"
  exit 0
fi
log "FAIL: expected HTTP 200 with valid:true, then HTTP 200 with valid:false"
exit 1
